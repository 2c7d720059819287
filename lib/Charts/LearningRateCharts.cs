using Microsoft.FSharp.Core;
using NirNet.Chemometrics;
using NirNet.Data;
using NirNet.Models;
using NirNet.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using System.Globalization;
using static NirNet.SmallMultiples;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace NirNet;

/// <summary>Charts of the learning rate: its schedule beside the loss, and the range test.</summary>
public static partial class Charts
{
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
        string lossTitle = TrainingHistory.LossAxisTitle(groups.SelectMany(g => g), "validation loss");
        if (groups.Count <= 3)
            return Titled(Wide(CSharpChart.Grid([OnePlot(rates, "", "learning rate"), OnePlot(losses, "epoch", lossTitle)], nRows: 2, nCols: 1), 2, Note(groups, window)), title);
        var grid = CSharpChart.Grid(WithReferences(rates).Concat(WithReferences(losses)), nRows: 2, nCols: groups.Count,
            SubPlotTitles: groups.Select(g => g[0].Group).Concat(groups.Select(_ => "")).ToArray());
        grid = SharedAxes(SharedAxes(grid, rates, 1, groups.Count, "", "learning rate"), losses, groups.Count + 1, groups.Count, "epoch", lossTitle);
        return Titled(Wide(grid, 2, Note(groups, window)), title);
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
}
