using Microsoft.FSharp.Core;
using NirNet.Chemometrics;
using NirNet.Data;
using NirNet.Models;
using NirNet.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using System.Globalization;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace NirNet;

/// <summary>
/// The series' charts, as Plotly.NET charts: the last expression of a notebook cell shows them inline, and
/// <see cref="SaveHtml"/> writes them as standalone pages (chapters 1 to 6).
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
        var groups = runs.GroupBy(h => h.Group).ToList();
        var traces = groups.Select((g, i) => GroupTrace(g.Key, g.ToList(), h => validation ? h.ValidationLoss : h.TrainingLoss, i, "", band: true));
        return Titled(LogLossAxes(CSharpChart.Combine(traces), LossTitle(groups.SelectMany(g => g), validation ? "validation loss" : "training loss")), title);
    }

    /// <summary>The loss curves of a comparison's runs (<see cref="LossCurves"/>): validation loss, or training loss when <paramref name="validation"/> is false (chapter 2).</summary>
    public static GenericChart Chart(this Comparison comparison, bool validation = true, string? title = null) =>
        LossCurves(comparison.Histories, validation, title);

    /// <summary>
    /// The title of a loss axis, naming the loss the runs were trained with: "validation loss (MSE, scaled target)".
    /// Runs trained with different losses are not comparable on one axis.
    /// </summary>
    static string LossTitle(IEnumerable<TrainingHistory> runs, string what)
    {
        var losses = runs.Select(h => h.Loss).Distinct().ToList();
        return losses.Count == 1
            ? $"{what} ({losses[0]}, scaled target)"
            : throw new InvalidSettingException(nameof(runs), losses.Count == 0 ? "needs at least one run." : $"mixes losses ({string.Join(", ", losses)}), which one axis cannot compare; chart them apart.");
    }

    /// <summary>
    /// Training loss (dashed) and validation loss (solid, with the min–max band over seeds) per group, on a log axis: the gap
    /// between the two is overfitting, both staying high is underfitting (chapter 5).
    /// </summary>
    public static GenericChart TrainingAndValidation(IEnumerable<TrainingHistory> runs, string? title = null)
    {
        var groups = runs.GroupBy(h => h.Group).ToList();
        var traces = groups.SelectMany((g, i) => new[]
        {
            GroupTrace(g.Key, g.ToList(), h => h.TrainingLoss, i, " training", band: false, StyleParam.DrawingStyle.Dash),
            GroupTrace(g.Key, g.ToList(), h => h.ValidationLoss, i, " validation", band: true),
        });
        return Titled(LogLossAxes(CSharpChart.Combine(traces), LossTitle(groups.SelectMany(g => g), "loss")), title);
    }

    /// <summary>
    /// The learning rate of each group per epoch (top; that of the group's first run, since a schedule that follows the
    /// validation loss lowers each run's rate on its own) above its validation loss (bottom; median and range over seeds),
    /// so that each change of the rate can be matched with what it did to the loss (chapter 4).
    /// </summary>
    public static GenericChart LearningRateAndLoss(IEnumerable<TrainingHistory> runs, string? title = null)
    {
        var groups = runs.GroupBy(h => h.Group).ToList();
        var rates = CSharpChart.Combine(groups.Select((g, i) =>
                CSharpChart.Line<int, double, string>(x: Enumerable.Range(1, g.First().Epochs), y: g.First().LearningRate, Name: $"{g.Key} learning rate",
                    LineColor: ColorOf(i), ShowLegend: false)))
            .WithXAxisStyle<int, int, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: "learning rate", AxisType: StyleParam.AxisType.Log);
        var losses = LossCurves(groups.SelectMany(g => g));
        return Titled(CSharpChart.Grid([rates, losses], nRows: 2, nCols: 1), title);
    }

    static GenericChart GroupTrace(string group, IReadOnlyList<TrainingHistory> members, Func<TrainingHistory, IReadOnlyList<double>> series, int colour, string suffix, bool band,
        StyleParam.DrawingStyle? dash = null)
    {
        int epochs = members.Min(h => h.Epochs);
        var x = Enumerable.Range(1, epochs).ToArray();
        var lineDash = dash ?? StyleParam.DrawingStyle.Solid;
        if (members.Count == 1)
            return CSharpChart.Line<int, double, string>(x: x, y: series(members[0]).Take(epochs), Name: members[0].Label + suffix, LineColor: ColorOf(colour), LineDash: lineDash);
        var median = x.Select(e => Statistics.Median(members.Select(h => series(h)[e - 1]))).ToArray();
        string name = $"{group}{suffix} (median of {members.Count} seeds)";
        if (!band)
            return CSharpChart.Line<int, double, string>(x: x, y: median, Name: name, LineColor: ColorOf(colour), LineDash: lineDash);
        var upper = x.Select(e => members.Max(h => series(h)[e - 1])).ToArray();
        var lower = x.Select(e => members.Min(h => series(h)[e - 1])).ToArray();
        return CSharpChart.Range<int, double, string>(x: x, y: median, upper: upper, lower: lower, mode: StyleParam.Mode.Lines,
            Name: name, LineColor: ColorOf(colour), RangeColor: BandOf(colour), UpperName: $"{group}{suffix} highest", LowerName: $"{group}{suffix} lowest");
    }

    static GenericChart LogLossAxes(GenericChart chart, string yTitle) => chart
        .WithXAxisStyle<int, int, string>(TitleText: "epoch")
        .WithYAxisStyle<double, double, string>(TitleText: yTitle, AxisType: StyleParam.AxisType.Log);

    /// <summary>Training and validation loss of one run per epoch, on a log axis.</summary>
    public static GenericChart Losses(TrainingHistory history)
    {
        var x = Enumerable.Range(1, history.Epochs).ToArray();
        return CSharpChart.Combine([
                CSharpChart.Line<int, double, string>(x: x, y: history.TrainingLoss, Name: "training", LineColor: ColorOf(0)),
                CSharpChart.Line<int, double, string>(x: x, y: history.ValidationLoss, Name: "validation", LineColor: ColorOf(1))])
            .WithXAxisStyle<int, int, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: LossTitle([history], "loss"), AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>
    /// The first <paramref name="count"/> spectra over the spectral axis, named by sample and target value. A wavenumber
    /// axis (cm⁻¹) runs from high to low, as spectroscopists draw it.
    /// </summary>
    /// <param name="data">The dataset whose first spectra to draw.</param>
    /// <param name="count">How many spectra.</param>
    /// <param name="yTitle">The y-axis title: what the values are.</param>
    /// <param name="title">The question the chart answers, shown above it; none when null.</param>
    public static GenericChart Spectra(SpectralDataset data, int count = 10, string yTitle = "absorbance log10(1/R)", string? title = null)
    {
        int n = Math.Min(count, data.Count);
        float[] target = data.Target;
        string[] ids = data.SampleIds;
        double[] axis = data.Wavelengths;
        var traces = Enumerable.Range(0, n).Select(i =>
            CSharpChart.Line<double, float, string>(x: axis, y: Enumerable.Range(0, data.WavelengthCount).Select(j => data.Spectra[i, j]),
                Name: string.Create(CultureInfo.InvariantCulture, $"{ids[i]}: {data.TargetName} {target[i]:0.##} {data.TargetUnit}").TrimEnd(), LineColor: ColorOf(i))).ToArray();
        return Titled(SpectralXAxis(CSharpChart.Combine(traces), data.WavelengthUnit)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle), title);
    }

    /// <summary>Titles the x axis as <see cref="SpectralDataset.AxisLabel"/> does for <paramref name="unit"/>, high to low for wavenumbers.</summary>
    static GenericChart SpectralXAxis(GenericChart chart, string unit)
    {
        var titled = chart.WithXAxisStyle<double, double, string>(TitleText: SpectralDataset.AxisLabelOf(unit));
        if (unit != "cm⁻¹") return titled;
        var reversed = new LinearAxis();
        reversed.SetProperty("autorange", "reversed");
        return Plotly.NET.Chart.withXAxis(reversed, FSharpOption<StyleParam.SubPlotId>.None).Invoke(titled);
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

    /// <summary>
    /// Paths of optimisers over a two-parameter loss surface, drawn on the surface's contour lines (log-spaced, so that the
    /// floor of a valley stays visible) (chapter 3).
    /// </summary>
    /// <param name="surface">The loss as a function of the two parameters.</param>
    /// <param name="xRange">Range of the first parameter shown.</param>
    /// <param name="yRange">Range of the second parameter shown.</param>
    /// <param name="paths">Each optimiser's name and the points it visited, start first.</param>
    public static GenericChart OptimizerPaths(Func<double, double, double> surface, (double From, double To) xRange, (double From, double To) yRange,
        IEnumerable<(string Name, IReadOnlyList<(double X, double Y)> Points)> paths)
    {
        const int grid = 80;
        var xs = Enumerable.Range(0, grid).Select(i => xRange.From + (xRange.To - xRange.From) * i / (grid - 1)).ToArray();
        var ys = Enumerable.Range(0, grid).Select(i => yRange.From + (yRange.To - yRange.From) * i / (grid - 1)).ToArray();
        var z = ys.Select(y => xs.Select(x => Math.Log10(surface(x, y) + 1e-3)).ToArray()).ToArray();
        var contour = CSharpChart.Contour<double, double, double, string>(zData: z, X: xs, Y: ys, Name: "log10 loss", ShowScale: false,
            ColorScale: StyleParam.Colorscale.Viridis, ContoursColoring: StyleParam.ContourColoring.Lines, ContourLinesWidth: 1, ShowContourLines: true, NContours: 25, ShowLegend: false);
        var lines = paths.Select((p, i) => CSharpChart.Line<double, double, string>(x: p.Points.Select(q => q.X), y: p.Points.Select(q => q.Y),
            ShowMarkers: true, Name: p.Name, LineColor: ColorOf(i), MarkerColor: ColorOf(i)));
        return CSharpChart.Combine(new[] { contour }.Concat(lines))
            .WithXAxisStyle<double, double, string>(TitleText: "parameter 1", MinMax: Tuple.Create(xRange.From, xRange.To))
            .WithYAxisStyle<double, double, string>(TitleText: "parameter 2", MinMax: Tuple.Create(yRange.From, yRange.To));
    }

    /// <summary>A learning-rate range test: loss (raw and smoothed) against the learning rate on a log axis, with the suggested rate marked (chapter 4).</summary>
    public static GenericChart RangeTest(RangeTestResult result)
    {
        var raw = CSharpChart.Line<double, double, string>(x: result.LearningRates, y: result.Losses, Name: "loss of each batch", LineColor: BandOf(0));
        var smooth = CSharpChart.Line<double, double, string>(x: result.LearningRates, y: result.SmoothedLosses, Name: "smoothed", LineColor: ColorOf(0));
        double top = result.Losses.Where(double.IsFinite).Max(), bottom = result.SmoothedLosses.Where(double.IsFinite).Min();
        var marker = CSharpChart.Line<double, double, string>(x: [result.Suggested, result.Suggested], y: [bottom, top],
            Name: string.Create(CultureInfo.InvariantCulture, $"suggested {result.Suggested:G2}"), LineColor: ColorOf(1), LineDash: StyleParam.DrawingStyle.Dash);
        return CSharpChart.Combine([raw, smooth, marker])
            .WithXAxisStyle<double, double, string>(TitleText: "learning rate", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: $"training loss ({result.Loss}, scaled target)", AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>
    /// The filters of a network's first 1-D convolution: each filter's weights against the offset from the centre
    /// wavelength, in nm (chapter 6).
    /// </summary>
    /// <param name="model">A network with at least one Conv1d layer, such as <see cref="Networks.Cnn1d"/>.</param>
    /// <param name="wavelengthStep">Distance between neighbouring wavelengths, in nm.</param>
    public static GenericChart FirstLayerFilters(TorchSharp.torch.nn.Module model, double wavelengthStep)
    {
        var conv = model.modules().OfType<TorchSharp.Modules.Conv1d>().FirstOrDefault()
            ?? throw new InvalidSettingException(nameof(model), "has no Conv1d layer.");
        var weight = conv.weight!;
        int filters = (int)weight.shape[0], width = (int)weight.shape[2];
        float[] values = weight.detach().cpu().contiguous().data<float>().ToArray();
        var offsets = Enumerable.Range(0, width).Select(k => (k - width / 2) * wavelengthStep).ToArray();
        var traces = Enumerable.Range(0, filters).Select(f => CSharpChart.Line<double, float, string>(x: offsets,
            y: values.Skip(f * (int)weight.shape[1] * width).Take(width), ShowMarkers: true, Name: $"filter {f + 1}", LineColor: ColorOf(f)));
        return CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "offset from the centre wavelength (nm)")
            .WithYAxisStyle<double, double, string>(TitleText: "weight");
    }

    /// <summary>
    /// How many PLS components? Training and validation RMSE, in the target's units, against the number of components,
    /// with the chosen number (the lowest validation RMSE) marked (chapter 1).
    /// </summary>
    public static GenericChart PlsComponents(PlsComponentSearch search)
    {
        var k = search.Rows.Select(r => r.Components).ToArray();
        var training = CSharpChart.Line<int, double, string>(x: k, y: search.Rows.Select(r => r.TrainingRmse), ShowMarkers: true, Name: "training", LineColor: ColorOf(0));
        var validation = CSharpChart.Line<int, double, string>(x: k, y: search.Rows.Select(r => r.ValidationRmse), ShowMarkers: true, Name: "validation", LineColor: ColorOf(1));
        var all = search.Rows.SelectMany(r => new[] { r.TrainingRmse, r.ValidationRmse }).ToList();
        var chosen = CSharpChart.Line<int, double, string>(x: [search.Best, search.Best], y: [all.Min(), all.Max()],
            Name: $"chosen: {search.Best} components", LineColor: ColorOf(2), LineDash: StyleParam.DrawingStyle.Dash);
        return Titled(CSharpChart.Combine([training, validation, chosen])
            .WithXAxisStyle<int, int, string>(TitleText: "number of PLS components")
            .WithYAxisStyle<double, double, string>(TitleText: $"RMSE, {search.Model.TargetLabel}")
            .WithLegendStyle(Orientation: StyleParam.Orientation.Horizontal, X: 0.0, Y: -0.2, YAnchor: StyleParam.YAnchorPosition.Top),
            $"How many PLS components? The validation RMSE is lowest at {search.Best}");
    }

    /// <summary>
    /// The regression coefficients of a PLS model over the spectral axis, with the zero line: where a higher spectrum raises
    /// the prediction and where it lowers it (chapter 1).
    /// </summary>
    public static GenericChart RegressionCoefficients(PlsRegression model)
    {
        var coefficients = CSharpChart.Line<double, double, string>(x: model.Wavelengths, y: model.Coefficients, Name: "coefficient", LineColor: ColorOf(0), ShowLegend: false);
        var zero = CSharpChart.Line<double, double, string>(x: [model.Wavelengths[0], model.Wavelengths[^1]], y: [0.0, 0.0], Name: "zero",
            LineColor: Color.fromString("#7f7f7f"), LineDash: StyleParam.DrawingStyle.Dash, ShowLegend: false);
        return Titled(SpectralXAxis(CSharpChart.Combine([coefficients, zero]), model.WavelengthUnit)
            .WithYAxisStyle<double, double, string>(TitleText: $"coefficient, {model.TargetLabel} per spectral unit"),
            $"Which wavelengths raise or lower the prediction (PLS, {model.Components} components)?");
    }

    /// <summary>Writes the chart as a standalone HTML page with plotly.js embedded, viewable offline.</summary>
    public static void SaveHtml(GenericChart chart, string path)
    {
        var full = Plotly.NET.Chart.withDisplayOptionsStyle(null, null, null, null, null, null, FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full)).Invoke(chart);
        File.WriteAllText(path, GenericChart.toEmbeddedHTML(full));
    }

    /// <summary>The chart's HTML fragment (what the notebook shows), for tests and for pages that include plotly.js themselves.</summary>
    internal static string ToHtml(GenericChart chart) => GenericChart.toChartHTML(chart);
}
