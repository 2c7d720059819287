using Microsoft.FSharp.Core;
using NirNet.Data;
using NirNet.Models;
using NirNet.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace NirNet;

/// <summary>
/// The series' charts, as Plotly.NET charts: the last expression of a notebook cell shows them inline, and
/// <see cref="SaveHtml"/> writes them as standalone pages (chapters 1 and 2).
/// </summary>
public static class Charts
{
    static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

    static Color ColorOf(int index) => Color.fromString(Palette[index % Palette.Length]);

    static Color BandOf(int index)
    {
        string hex = Palette[index % Palette.Length];
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        return Color.fromString($"rgba({r},{g},{b},0.2)");
    }

    static GenericChart Titled(GenericChart chart, string? title) =>
        title is null ? chart : Plotly.NET.Chart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);

    /// <summary>Activation functions (or their derivatives, computed by autograd) over [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static GenericChart Activations(IEnumerable<string> names, double from = -10, double to = 10, bool derivative = false)
    {
        var x = Enumerable.Range(0, 401).Select(i => from + (to - from) * i / 400).ToArray();
        var traces = names.Select((name, i) =>
        {
            var (value, slope) = Models.Activations.Evaluate(name, x);
            return CSharpChart.Line<double, double, string>(x: x, y: derivative ? slope : value, Name: name, LineColor: ColorOf(i));
        }).ToArray();
        return CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "x (weighted input a)")
            .WithYAxisStyle<double, double, string>(TitleText: derivative ? "f′(x)" : "f(x)");
    }

    /// <summary>
    /// Loss per epoch on a log axis. Runs of one group (same setting, several seeds) show as their median with a band from
    /// the lowest to the highest run (the median, unlike the mean, is not dragged along by one failed run); a group of one
    /// run shows as its line.
    /// </summary>
    public static GenericChart LossCurves(IEnumerable<TrainingHistory> runs, bool validation = true, string? title = null)
    {
        var traces = new List<GenericChart>();
        var groups = runs.GroupBy(h => h.Group).ToList();
        for (int g = 0; g < groups.Count; g++)
        {
            var members = groups[g].ToList();
            int epochs = members.Min(h => h.Epochs);
            var x = Enumerable.Range(1, epochs).ToArray();
            List<double> Series(TrainingHistory h) => validation ? h.ValidationLoss : h.TrainingLoss;
            if (members.Count == 1)
            {
                traces.Add(CSharpChart.Line<int, double, string>(x: x, y: Series(members[0]).Take(epochs), Name: members[0].Label, LineColor: ColorOf(g)));
                continue;
            }
            var median = x.Select(e => Median(members.Select(h => Series(h)[e - 1]))).ToArray();
            var upper = x.Select(e => members.Max(h => Series(h)[e - 1])).ToArray();
            var lower = x.Select(e => members.Min(h => Series(h)[e - 1])).ToArray();
            traces.Add(CSharpChart.Range<int, double, string>(x: x, y: median, upper: upper, lower: lower, mode: StyleParam.Mode.Lines,
                Name: $"{groups[g].Key} (median of {members.Count} seeds)", LineColor: ColorOf(g), RangeColor: BandOf(g),
                UpperName: $"{groups[g].Key} highest", LowerName: $"{groups[g].Key} lowest"));
        }
        return Titled(CSharpChart.Combine(traces)
            .WithXAxisStyle<int, int, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: validation ? "validation loss (MSE, scaled target)" : "training loss (MSE, scaled target)",
                AxisType: StyleParam.AxisType.Log), title);
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Training and validation loss of one run per epoch, on a log axis.</summary>
    public static GenericChart Losses(TrainingHistory history)
    {
        var x = Enumerable.Range(1, history.Epochs).ToArray();
        return CSharpChart.Combine([
                CSharpChart.Line<int, double, string>(x: x, y: history.TrainingLoss, Name: "training", LineColor: ColorOf(0)),
                CSharpChart.Line<int, double, string>(x: x, y: history.ValidationLoss, Name: "validation", LineColor: ColorOf(1))])
            .WithXAxisStyle<int, int, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: "loss (MSE, scaled target)", AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>The first <paramref name="count"/> spectra over the wavelength axis, named by sample and target value.</summary>
    public static GenericChart Spectra(SpectralDataset data, int count = 10, string yTitle = "absorbance log10(1/R)")
    {
        int n = Math.Min(count, data.Count);
        var traces = Enumerable.Range(0, n).Select(i =>
            CSharpChart.Line<double, float, string>(x: data.Wavelengths, y: Enumerable.Range(0, data.WavelengthCount).Select(j => data.Spectra[i, j]),
                Name: $"{data.SampleIds[i]}: {data.TargetName} {data.Target[i]:0.##} {data.TargetUnit}".TrimEnd(), LineColor: ColorOf(i))).ToArray();
        return CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: data.WavelengthUnit == "nm" ? "wavelength (nm)" : "wavelength (column index)")
            .WithYAxisStyle<double, double, string>(TitleText: yTitle);
    }

    /// <summary>Predicted against measured values with the 1:1 line; the metrics are in the title.</summary>
    public static GenericChart PredictedVsMeasured(IReadOnlyList<float> measured, IReadOnlyList<float> predicted, string targetLabel)
    {
        var metrics = RegressionMetrics.Of(measured, predicted);
        double low = Math.Min(measured.Min(), predicted.Min()), high = Math.Max(measured.Max(), predicted.Max());
        var points = CSharpChart.Point<float, float, string>(x: measured, y: predicted, Name: "test samples", MarkerColor: ColorOf(0));
        var identity = CSharpChart.Line<double, double, string>(x: [low, high], y: [low, high], Name: "1:1 line", LineColor: Color.fromString("#7f7f7f"), LineDash: StyleParam.DrawingStyle.Dash);
        return Titled(CSharpChart.Combine([points, identity])
            .WithXAxisStyle<double, double, string>(TitleText: $"measured {targetLabel}")
            .WithYAxisStyle<double, double, string>(TitleText: $"predicted {targetLabel}"), metrics.ToString());
    }

    /// <summary>Each layer's weight-gradient norm at one epoch's first batch, one line per run, on a log axis (layer 1 is next to the input).</summary>
    public static GenericChart GradientNorms(IEnumerable<TrainingHistory> runs, int epoch = 1)
    {
        var list = runs.ToList();
        var traces = list.Select((h, i) =>
        {
            if (h.GradientNorms.Count < epoch)
                throw new InvalidSettingException(nameof(runs), $"{h.Label} has no gradient norms for epoch {epoch}; train with RecordGradientNorms: true.");
            double[] norms = h.GradientNorms[epoch - 1];
            return CSharpChart.Line<int, double, string>(x: Enumerable.Range(1, norms.Length), y: norms, ShowMarkers: true, Name: h.Label, LineColor: ColorOf(i));
        }).ToArray();
        return CSharpChart.Combine(traces)
            .WithXAxisStyle<int, int, string>(TitleText: "layer (1 = next to the input)")
            .WithYAxisStyle<double, double, string>(TitleText: "weight-gradient norm", AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>Writes the chart as a standalone HTML page with plotly.js embedded, viewable offline.</summary>
    public static void SaveHtml(GenericChart chart, string path)
    {
        var full = Plotly.NET.Chart.withDisplayOptionsStyle(null, null, null, null, null, null, FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full)).Invoke(chart);
        File.WriteAllText(path, GenericChart.toEmbeddedHTML(full));
    }

    /// <summary>The chart's HTML fragment (what the notebook shows), for tests and for pages that include plotly.js themselves.</summary>
    public static string ToHtml(GenericChart chart) => GenericChart.toChartHTML(chart);
}
