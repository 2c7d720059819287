using System.Globalization;
using Plotly.NET;
using NirNet.Data;
using TorchSharp.Modules;

namespace NirNet.Training;

/// <summary>Statistics of one group of runs (for example one activation over several seeds) in a <see cref="Comparison"/>.</summary>
/// <param name="Group">The setting the runs share.</param>
/// <param name="Runs">How many runs (seeds).</param>
/// <param name="Diverged">How many runs diverged (their loss stopped being a number); the loss statistics leave them out.</param>
/// <param name="FinalMean">Mean final validation loss.</param>
/// <param name="FinalStandardDeviation">Standard deviation of the final validation loss over seeds (0 for one run).</param>
/// <param name="FinalMin">Lowest final validation loss.</param>
/// <param name="FinalMax">Highest final validation loss.</param>
/// <param name="BestMean">Mean over seeds of each run's lowest validation loss (what early stopping would have kept).</param>
/// <param name="MedianEpochsToThreshold">Median epoch at which the validation loss first reached the threshold; null when most runs never did.</param>
/// <param name="RunsReachingThreshold">How many runs reached the threshold.</param>
/// <param name="WallSeconds">Wall time of the training that produced these runs (of all runs trained together with them, for <see cref="Trainer.Compare"/>).</param>
public sealed record GroupSummary(string Group, int Runs, int Diverged, double FinalMean, double FinalStandardDeviation, double FinalMin, double FinalMax,
    double BestMean, double? MedianEpochsToThreshold, int RunsReachingThreshold, double WallSeconds);

/// <summary>
/// Runs grouped by the setting they share, each group over several seeds: their histories and trained networks, a loss
/// chart and a results table (chapter 2), test-set metrics (chapter 5). <see cref="Merge"/> puts comparisons trained
/// separately into one.
/// </summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class Comparison : IHtmlDisplay
{
    /// <param name="histories">Each run's history.</param>
    /// <param name="models">Each run's trained network.</param>
    /// <param name="togetherSeconds">Whether the runs were trained together (wall time = the longest run) or one after the other (the sum).</param>
    internal Comparison(IReadOnlyList<TrainingHistory> histories, IReadOnlyList<Sequential> models, bool togetherSeconds)
    {
        Histories = histories;
        Models = models;
        static double Seconds(TrainingHistory h) => h.ElapsedSeconds.Count > 0 ? h.ElapsedSeconds[^1] : 0;
        double wall = togetherSeconds ? histories.Max(Seconds) : 0;
        wallSeconds = histories.GroupBy(h => h.Group).ToDictionary(g => g.Key, g => togetherSeconds ? wall : g.Sum(Seconds));
    }

    readonly Dictionary<string, double> wallSeconds;

    /// <summary>The history of each run.</summary>
    public IReadOnlyList<TrainingHistory> Histories { get; private init; }

    /// <summary>The trained network of each run.</summary>
    public IReadOnlyList<Sequential> Models { get; private init; }

    /// <summary>The groups, in order of first appearance.</summary>
    public IReadOnlyList<string> Groups => Histories.Select(h => h.Group).Distinct().ToList();

    /// <summary>The histories of one group.</summary>
    public IReadOnlyList<TrainingHistory> Of(string group) => Histories.Where(h => h.Group == group).ToList();

    /// <summary>Puts comparisons together; each group keeps the wall time of the training that produced it.</summary>
    public static Comparison Merge(params Comparison[] parts)
    {
        var histories = parts.SelectMany(p => p.Histories).ToList();
        var duplicate = histories.GroupBy(h => h.Label).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidSettingException(nameof(parts), $"the run '{duplicate.Key}' appears twice; give the runs of each comparison their own group name.");
        var merged = new Comparison(histories, parts.SelectMany(p => p.Models).ToList(), togetherSeconds: true);
        foreach (var part in parts)
            foreach (var (group, seconds) in part.wallSeconds) merged.wallSeconds[group] = seconds;
        return merged;
    }

    /// <summary>The runs of the named groups only, for example the one chosen on the validation set (chapter 5).</summary>
    public Comparison Subset(params string[] groups)
    {
        var unknown = groups.Except(Groups).ToList();
        if (unknown.Count > 0) throw new InvalidSettingException(nameof(groups), $"no group '{unknown[0]}'. Groups: {string.Join(", ", Groups)}.");
        var keep = Histories.Select((h, i) => (h, i)).Where(p => groups.Contains(p.h.Group)).ToList();
        var subset = new Comparison(keep.Select(p => p.h).ToList(), keep.Select(p => Models[p.i]).ToList(), togetherSeconds: true);
        foreach (var group in groups) subset.wallSeconds[group] = wallSeconds[group];
        return subset;
    }

    /// <summary>Statistics of each group; <paramref name="threshold"/> is the validation loss whose first crossing is counted.</summary>
    public IReadOnlyList<GroupSummary> Summarize(double threshold) => Groups.Select(group =>
    {
        var runs = Of(group);
        var finite = runs.Where(h => h.DivergedAtEpoch is null).ToList();
        var finals = finite.Select(h => h.FinalValidationLoss).DefaultIfEmpty(double.NaN).ToList();
        var (mean, sd) = Statistics.MeanAndDeviation(finals);
        var reached = runs.Select(h => h.EpochsToReach(threshold)).Where(e => e is not null).Select(e => (double)e!.Value).ToList();
        double? median = reached.Count * 2 > runs.Count ? Statistics.Median(reached.Concat(Enumerable.Repeat(double.PositiveInfinity, runs.Count - reached.Count))) : null;
        return new GroupSummary(group, runs.Count, runs.Count - finite.Count, mean, sd, finals.Min(), finals.Max(),
            finite.Select(h => h.BestValidation.Loss).DefaultIfEmpty(double.NaN).Average(), median, reached.Count, wallSeconds[group]);
    }).ToList();

    /// <summary>A results table: per group, final validation loss (mean ± sd, range), epochs to <paramref name="threshold"/>, wall time.</summary>
    public ResultsTable Table(double threshold) => new(Summarize(threshold), threshold);

    /// <summary>
    /// Each run's metrics on <paramref name="scaled"/> (normally the test set, used once at the end), in the target's units,
    /// summarised per group as mean ± standard deviation over seeds.
    /// </summary>
    /// <param name="scaled">A dataset scaled like the training set.</param>
    /// <param name="targetScaler">The scaler that turns predictions back into the target's units.</param>
    public MetricsTable Evaluate(SpectralDataset scaled, StandardScaler targetScaler)
    {
        var measured = targetScaler.InverseTransform(scaled.Target);
        var perRun = Models.Select(m => RegressionMetrics.Of(measured, RegressionMetrics.Predict(m, scaled, targetScaler))).ToList();
        return new MetricsTable(Groups.Select(g => new GroupMetrics(g,
            Histories.Select((h, i) => (h, i)).Where(p => p.h.Group == g).Select(p => perRun[p.i]).ToList())).ToList(), scaled.TargetLabel);
    }

    /// <summary>Validation (or training) loss curves on a log axis: per group the median over seeds with a band from the lowest to the highest run.</summary>
    public GenericChart Chart(bool validation = true, string? title = null) => Charts.LossCurves(Histories, validation, title);

    /// <summary>One line per group.</summary>
    public override string ToString() =>
        string.Join('\n', Groups.Select(g => string.Create(CultureInfo.InvariantCulture,
            $"{g}: {Of(g).Count} runs, final validation loss {Of(g).Average(h => h.FinalValidationLoss):G4} on average")));

    string IHtmlDisplay.ToHtml() => $"<pre>{Html.Encode(ToString())}</pre>";
}

/// <summary>The results table of a <see cref="Comparison"/>; shows as an HTML table in a notebook.</summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class ResultsTable : IHtmlDisplay
{
    internal ResultsTable(IReadOnlyList<GroupSummary> rows, double threshold)
    {
        Rows = rows;
        Threshold = threshold;
    }

    /// <summary>One row per group.</summary>
    public IReadOnlyList<GroupSummary> Rows { get; }

    /// <summary>The validation loss whose first crossing is counted.</summary>
    public double Threshold { get; }

    string[] Header => ["setting", "runs", "final validation loss (mean ± sd)", "range over seeds", "best validation loss (mean)", $"epochs to reach {Threshold.ToString("G3", CultureInfo.InvariantCulture)} (median)", "wall time (s)"];

    IEnumerable<string[]> Cells => Rows.Select(r => new[]
    {
        r.Group,
        r.Runs.ToString(CultureInfo.InvariantCulture),
        r.Diverged == r.Runs ? "all diverged" : string.Create(CultureInfo.InvariantCulture, $"{r.FinalMean:G3} ± {r.FinalStandardDeviation:G2}") + (r.Diverged > 0 ? $" ({r.Diverged} diverged, left out)" : ""),
        string.Create(CultureInfo.InvariantCulture, $"{r.FinalMin:G3} – {r.FinalMax:G3}"),
        r.BestMean.ToString("G3", CultureInfo.InvariantCulture),
        r.MedianEpochsToThreshold is double e ? e.ToString("F0", CultureInfo.InvariantCulture) + (r.RunsReachingThreshold < r.Runs ? $" ({r.RunsReachingThreshold}/{r.Runs} reached)" : "") : $"not reached ({r.RunsReachingThreshold}/{r.Runs} reached)",
        r.WallSeconds.ToString("F1", CultureInfo.InvariantCulture),
    });

    /// <summary>The table as aligned text.</summary>
    public override string ToString() => Html.Text(Header, Cells);

    string IHtmlDisplay.ToHtml() => Html.Table(Header, Cells);
}
