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
/// <see cref="SaveHtml"/> writes them as standalone pages (chapters 1 to 7).
/// </summary>
public static class Charts
{
    internal static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

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
    /// Loss per epoch on a log axis: which setting learns faster, and which ends lower? Each group of runs (one setting,
    /// several seeds) is drawn so that the answer shows at a glance:
    /// <list type="bullet">
    /// <item>Each run is smoothed by a centred running median over <paramref name="smoothing"/> epochs (fewer at either
    /// end; by default 2·⌊epochs/100⌋ + 1: 21 for 1000 epochs, none below 100), which keeps a steady fall as it is and
    /// removes one-epoch spikes; the legend's heading states the window, and <c>smoothing: 1</c> draws the raw losses.</item>
    /// <item>The line is the median of the group's live runs, the faint band spans the lowest to the highest live run; both
    /// are taken over the runs still running at each epoch, so a group is drawn to its longest run when early stopping ends
    /// runs at different epochs.</item>
    /// <item>Failed runs (<see cref="TrainingHistory.Failed"/>: diverged, or dead at the loss of predicting the mean) are left
    /// out of the median and the band and drawn apart as dotted grey lines, named in the legend ("stuck" or "diverged").</item>
    /// <item>More than three groups are drawn as small multiples: one panel per group on shared axes, with the other
    /// groups' medians in faint grey behind it for reference.</item>
    /// </list>
    /// The chart is 900 px wide with its legend below: one entry per group, and one for each group's failed runs.
    /// </summary>
    /// <param name="runs">The runs; those of one <see cref="TrainingHistory.Group"/> are drawn together.</param>
    /// <param name="validation">Validation loss (true) or training loss (false).</param>
    /// <param name="title">The question the chart answers, shown above it; none when null.</param>
    /// <param name="smoothing">The running median's window in epochs (odd); null chooses it from the number of epochs.</param>
    public static GenericChart LossCurves(IEnumerable<TrainingHistory> runs, bool validation = true, string? title = null, int? smoothing = null)
    {
        var groups = Grouped(runs);
        int window = smoothing ?? SmoothingWindow(groups);
        var panels = groups.Select((g, i) => GroupLines(g, h => validation ? h.ValidationLoss : h.TrainingLoss, i, window)).ToList();
        return Titled(Panels(panels, LossTitle(groups.SelectMany(g => g), validation ? "validation loss" : "training loss"), Note(groups, window)), title);
    }

    /// <summary>The loss curves of a comparison's runs (<see cref="LossCurves"/>): validation loss, or training loss when <paramref name="validation"/> is false (chapter 2).</summary>
    public static GenericChart Chart(this Comparison comparison, bool validation = true, string? title = null, int? smoothing = null) =>
        LossCurves(comparison.Histories, validation, title, smoothing);

    /// <summary>
    /// The title of a loss axis, naming the loss the runs were trained with: "validation loss (MSE, scaled target)".
    /// Runs trained with different losses are not comparable on one axis.
    /// </summary>
    internal static string LossTitle(IEnumerable<TrainingHistory> runs, string what)
    {
        var losses = runs.Select(h => h.Loss).Distinct().ToList();
        return losses.Count == 1
            ? $"{what} ({losses[0]}, scaled target)"
            : throw new InvalidSettingException(nameof(runs), losses.Count == 0 ? "needs at least one run." : $"mixes losses ({string.Join(", ", losses)}), which one axis cannot compare; chart them apart.");
    }

    /// <summary>
    /// Training loss (dashed) and validation loss (solid, with the band over live seeds) per group, on a log axis, drawn as
    /// <see cref="LossCurves"/> draws them: the gap between the two is overfitting, both staying high is underfitting (chapter 6).
    /// </summary>
    /// <param name="runs">The runs; those of one <see cref="TrainingHistory.Group"/> are drawn together.</param>
    /// <param name="title">The question the chart answers, shown above it; none when null.</param>
    /// <param name="smoothing">The running median's window in epochs (odd); null chooses it from the number of epochs.</param>
    public static GenericChart TrainingAndValidation(IEnumerable<TrainingHistory> runs, string? title = null, int? smoothing = null)
    {
        var groups = Grouped(runs);
        int window = smoothing ?? SmoothingWindow(groups);
        var panels = groups.Select((g, i) => GroupLines(g, h => h.TrainingLoss, i, window, " training", band: false, failed: false, dash: StyleParam.DrawingStyle.Dash)
            .Then(GroupLines(g, h => h.ValidationLoss, i, window, " validation"))).ToList();
        return Titled(Panels(panels, LossTitle(groups.SelectMany(g => g), "loss"), Note(groups, window)), title);
    }

    /// <summary>
    /// The learning rate of each group per epoch (that of the group's first run, since a schedule that follows the
    /// validation loss lowers each run's rate on its own) above its validation loss (drawn as <see cref="LossCurves"/> draws
    /// it), so that each change of the rate can be matched with what it did to the loss: one column of the two per group
    /// when there are more than three groups, one plot of each otherwise (chapter 5).
    /// </summary>
    /// <param name="runs">The runs; those of one <see cref="TrainingHistory.Group"/> are drawn together.</param>
    /// <param name="title">The question the chart answers, shown above it; none when null.</param>
    /// <param name="smoothing">The running median's window in epochs (odd); null chooses it from the number of epochs.</param>
    public static GenericChart LearningRateAndLoss(IEnumerable<TrainingHistory> runs, string? title = null, int? smoothing = null)
    {
        var groups = Grouped(runs);
        int window = smoothing ?? SmoothingWindow(groups);
        var rates = groups.Select((g, i) => RateLine(g[0], i)).ToList();
        var losses = groups.Select((g, i) => GroupLines(g, h => h.ValidationLoss, i, window)).ToList();
        string lossTitle = LossTitle(groups.SelectMany(g => g), "validation loss");
        if (groups.Count <= 3)
            return Titled(Wide(CSharpChart.Grid([OnePlot(rates, "", "learning rate"), OnePlot(losses, "epoch", lossTitle)], nRows: 2, nCols: 1), 2, Note(groups, window)), title);
        var grid = CSharpChart.Grid(WithReferences(rates).Concat(WithReferences(losses)), nRows: 2, nCols: groups.Count,
            SubPlotTitles: groups.Select(g => g[0].Group).Concat(groups.Select(_ => "")).ToArray());
        grid = SharedAxes(SharedAxes(grid, rates, 1, groups.Count, "", "learning rate"), losses, groups.Count + 1, groups.Count, "epoch", lossTitle);
        return Titled(Wide(grid, 2, Note(groups, window)), title);
    }

    /// <summary>
    /// What one group adds to a chart: its traces, its median as a grey line for the other groups' panels (made anew for
    /// each panel, since a grid moves a trace to its panel's axes), the range of its values and its last epoch.
    /// </summary>
    sealed record Panel(string Group, IReadOnlyList<GenericChart> Traces, Func<GenericChart>? Reference, double Low, double High, int Epochs)
    {
        /// <summary>Both panels' traces in one panel, the second's reference.</summary>
        public Panel Then(Panel next) =>
            new(Group, [.. Traces, .. next.Traces], next.Reference ?? Reference, Math.Min(Low, next.Low), Math.Max(High, next.High), Math.Max(Epochs, next.Epochs));
    }

    static List<List<TrainingHistory>> Grouped(IEnumerable<TrainingHistory> runs) => runs.GroupBy(h => h.Group).Select(g => g.ToList()).ToList();

    /// <summary>The running median's default window: 2·⌊epochs/100⌋ + 1 for the longest run.</summary>
    static int SmoothingWindow(IEnumerable<IEnumerable<TrainingHistory>> groups) => 2 * (groups.SelectMany(g => g).Max(h => h.Epochs) / 100) + 1;

    /// <summary>How to read the lines, for the legend's heading: the smoothing window, and what the dotted grey lines are when there are any.</summary>
    static string Note(IEnumerable<IEnumerable<TrainingHistory>> groups, int window) => string.Join("<br>", new[]
    {
        window > 1 ? $"Each run smoothed by a running median over {window} epochs." : null,
        groups.SelectMany(g => g).Any(h => h.Failed) ? "Dotted grey: runs that diverged or stayed near the loss of predicting the mean, left out of the median." : null,
    }.OfType<string>());

    /// <summary>
    /// One series of one group (see <see cref="LossCurves"/>): the median of the smoothed live runs with its band, the
    /// failed runs as dotted grey lines (unless <paramref name="failed"/> is false). <paramref name="suffix"/> names the
    /// series after the group (" training").
    /// </summary>
    static Panel GroupLines(IReadOnlyList<TrainingHistory> members, Func<TrainingHistory, IReadOnlyList<double>> series, int colour, int window,
        string suffix = "", bool band = true, bool failed = true, StyleParam.DrawingStyle? dash = null)
    {
        string group = members[0].Group, name = group + suffix;
        var live = members.Where(h => !h.Failed).Select(h => Statistics.RunningMedian(series(h), window)).ToList();
        var traces = new List<GenericChart>();
        var values = new List<double>();
        Func<GenericChart>? reference = null;
        if (live.Count > 0)
        {
            var x = Enumerable.Range(1, live.Max(s => s.Length)).ToArray();
            var running = x.Select(e => live.Where(s => s.Length >= e).Select(s => s[e - 1]).ToList()).ToList();
            var median = running.Select(Statistics.Median).ToArray();
            if (band && live.Count > 1)
                traces.AddRange([
                    Line(x, running.Select(v => v.Min()), $"{name}: lowest live run", BandOf(colour), group, width: 0),
                    Line(x, running.Select(v => v.Max()), $"{name}: highest live run", BandOf(colour), group, width: 0, fill: BandOf(colour))]);
            traces.Add(Line(x, median, members.Count == 1 ? members[0].Label + suffix : $"{name} (median of {live.Count} seeds)", ColorOf(colour), group,
                legend: true, dash: dash));
            reference = () => Line(x, median, $"{name} (median)", Color.fromString("#c8c8c8"), "", width: 1);
            values.AddRange(running.SelectMany(v => v));
        }
        var dead = failed ? members.Where(h => h.Failed).ToList() : [];
        string kind = dead.All(h => h.DivergedAtEpoch is null) ? "stuck" : dead.All(h => h.DivergedAtEpoch is not null) ? "diverged" : "failed";
        string failedName = members.Count == 1 ? $"{members[0].Label}{suffix}: {kind}"
            : $"{name}, seed{(dead.Count > 1 ? "s" : "")} {string.Join(", ", dead.Select(h => h.Seed))}: {kind}";
        foreach (var h in dead)
        {
            var points = Statistics.RunningMedian(series(h), window).Select((loss, i) => (Epoch: i + 1, Loss: loss)).Where(p => double.IsFinite(p.Loss)).ToList();
            traces.Add(Line(points.Select(p => p.Epoch), points.Select(p => p.Loss), failedName, Color.fromString("#7f7f7f"), $"{group} failed",
                legend: h == dead[0], dash: StyleParam.DrawingStyle.Dot, width: 1.5));
            values.AddRange(points.Select(p => p.Loss));
        }
        var positive = values.Where(v => v > 0).DefaultIfEmpty(1).ToList();
        return new Panel(group, traces, reference, positive.Min(), positive.Max(), members.Max(h => h.Epochs));
    }

    /// <summary>The learning rate of a group's first run per epoch, as a <see cref="Panel"/>.</summary>
    static Panel RateLine(TrainingHistory first, int colour)
    {
        var x = Enumerable.Range(1, first.Epochs).ToArray();
        var rates = first.LearningRate.Where(r => r > 0).DefaultIfEmpty(1).ToList();
        return new Panel(first.Group, [Line(x, first.LearningRate, $"{first.Group} learning rate", ColorOf(colour), first.Group)],
            () => Line(x, first.LearningRate, $"{first.Group} learning rate", Color.fromString("#c8c8c8"), "", width: 1), rates.Min(), rates.Max(), first.Epochs);
    }

    static GenericChart Line(IEnumerable<int> x, IEnumerable<double> values, string name, Color colour, string legendGroup, bool legend = false,
        StyleParam.DrawingStyle? dash = null, double width = 2, Color? fill = null)
    {
        var y = values.Select(FourDigits);
        var line = fill is null
            ? CSharpChart.Line<int, double, string>(x: x, y: y, Name: name, ShowLegend: legend, LineColor: colour, LineWidth: width, LineDash: dash ?? StyleParam.DrawingStyle.Solid)
            : CSharpChart.Line<int, double, string>(x: x, y: y, Name: name, ShowLegend: legend, LineColor: colour, LineWidth: width, Fill: StyleParam.Fill.ToNext_y, FillColor: fill);
        return legendGroup == "" ? line : line.WithTraceInfo(LegendGroup: legendGroup);
    }

    /// <summary>
    /// A value rounded to four significant digits for drawing: a line on a chart cannot show more, and full doubles make a
    /// notebook's loss charts three times larger.
    /// </summary>
    static double FourDigits(double value) =>
        double.IsFinite(value) ? double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;

    /// <summary>Up to three groups in one plot; more as small multiples, in rows of up to four panels.</summary>
    static GenericChart Panels(IReadOnlyList<Panel> panels, string yTitle, string note)
    {
        if (panels.Count <= 3) return Wide(OnePlot(panels, "epoch", yTitle), 1, note);
        int rows = (panels.Count + 3) / 4, columns = (panels.Count + rows - 1) / rows;
        var grid = CSharpChart.Grid(WithReferences(panels), nRows: rows, nCols: columns, SubPlotTitles: panels.Select(p => p.Group).ToArray());
        return Wide(SharedAxes(grid, panels, 1, columns, "epoch", yTitle), rows, note);
    }

    static GenericChart OnePlot(IEnumerable<Panel> panels, string xTitle, string yTitle) =>
        LogLossAxes(CSharpChart.Combine(panels.SelectMany(p => p.Traces)), xTitle, yTitle);

    /// <summary>Each group's panel: the other groups' reference lines, then its own traces.</summary>
    static IEnumerable<GenericChart> WithReferences(IReadOnlyList<Panel> panels) =>
        panels.Select(p => CSharpChart.Combine(panels.Where(other => other != p).Select(other => other.Reference).OfType<Func<GenericChart>>()
            .Select(reference => reference()).Concat(p.Traces)));

    /// <summary>
    /// One x range and one log y range for the panels on a grid's axes <paramref name="first"/> onwards, <paramref name="columns"/>
    /// to a row; the y title on the left of each row, the x title under each panel with none below it.
    /// </summary>
    static GenericChart SharedAxes(GenericChart grid, IReadOnlyList<Panel> panels, int first, int columns, string xTitle, string yTitle)
    {
        double low = Math.Log10(panels.Min(p => p.Low)), high = Math.Log10(panels.Max(p => p.High)), margin = 0.05 * (high - low) + 0.01;
        int epochs = panels.Max(p => p.Epochs);
        for (int i = 0; i < panels.Count; i++)
            grid = grid
                .WithXAxisStyle<int, int, string>(TitleText: i + columns >= panels.Count ? xTitle : "", MinMax: Tuple.Create(1, epochs),
                    Id: StyleParam.SubPlotId.NewXAxis(first + i))
                .WithYAxisStyle<double, double, string>(TitleText: i % columns == 0 ? yTitle : "", AxisType: StyleParam.AxisType.Log,
                    MinMax: Tuple.Create(low - margin, high + margin), Id: StyleParam.SubPlotId.NewYAxis(first + i));
        return grid;
    }

    /// <summary>The notebook's width, <paramref name="rows"/> plots high, the legend in rows below the plot under <paramref name="note"/>.</summary>
    static GenericChart Wide(GenericChart chart, int rows, string note)
    {
        var heading = new Title();
        heading.SetProperty("text", note);
        heading.SetProperty("side", "top");
        return chart.WithSize(900, 160 + 320 * rows)
            .WithLegendStyle(Title: heading, Orientation: StyleParam.Orientation.Horizontal, TraceGroupGap: 0, X: 0.0, Y: -0.2, YAnchor: StyleParam.YAnchorPosition.Top);
    }

    static GenericChart LogLossAxes(GenericChart chart, string xTitle, string yTitle) => chart
        .WithXAxisStyle<int, int, string>(TitleText: xTitle)
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
    /// floor of a valley stays visible) (chapter 4).
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

    /// <summary>A learning-rate range test: loss (raw and smoothed) against the learning rate on a log axis, with the suggested rate marked (chapter 5).</summary>
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
    /// wavelength, in nm (chapter 7).
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
