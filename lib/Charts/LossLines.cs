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

/// <summary>How the loss charts draw one group of runs: smoothing, median, band, failed runs, and the lines themselves.</summary>
public static partial class Charts
{
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
}
