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

/// <summary>Charts of loss per epoch: one run, groups of runs, training beside validation.</summary>
public static partial class Charts
{
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
        return Titled(Panels(panels, TrainingHistory.LossAxisTitle(groups.SelectMany(g => g), validation ? "validation loss" : "training loss"), Note(groups, window)), title);
    }

    /// <summary>The loss curves of a comparison's runs (<see cref="LossCurves"/>): validation loss, or training loss when <paramref name="validation"/> is false (chapter 2).</summary>
    public static GenericChart Chart(this Comparison comparison, bool validation = true, string? title = null, int? smoothing = null) =>
        LossCurves(comparison.Histories, validation, title, smoothing);

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
        return Titled(Panels(panels, TrainingHistory.LossAxisTitle(groups.SelectMany(g => g), "loss"), Note(groups, window)), title);
    }

    /// <summary>Training and validation loss of one run per epoch, on a log axis.</summary>
    public static GenericChart Losses(TrainingHistory history)
    {
        var x = Enumerable.Range(1, history.Epochs).ToArray();
        return CSharpChart.Combine([
                CSharpChart.Line<int, double, string>(x: x, y: history.TrainingLoss, Name: "training", LineColor: ColorOf(0)),
                CSharpChart.Line<int, double, string>(x: x, y: history.ValidationLoss, Name: "validation", LineColor: ColorOf(1))])
            .WithXAxisStyle<int, int, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: TrainingHistory.LossAxisTitle([history], "loss"), AxisType: StyleParam.AxisType.Log);
    }
}
