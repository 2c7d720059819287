using System.Globalization;
using NirNet.Data;
using TorchSharp.Modules;

namespace NirNet.Training;

/// <summary>
/// Runs grouped by the setting they share, each group over several seeds: their histories and trained networks, a
/// results table (chapter 2) and test-set metrics (chapter 6); <c>comparison.Chart()</c> (in <c>Charts</c>) draws their
/// loss curves. <see cref="Merge"/> puts comparisons trained separately into one.
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
        if (parts.Length == 0) throw new InvalidSettingException(nameof(parts), "needs at least one comparison to merge.");
        var histories = parts.SelectMany(p => p.Histories).ToList();
        var duplicate = histories.GroupBy(h => h.Label).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidSettingException(nameof(parts), $"the run '{duplicate.Key}' appears twice; give the runs of each comparison their own group name.");
        var merged = new Comparison(histories, parts.SelectMany(p => p.Models).ToList(), togetherSeconds: true);
        foreach (var part in parts)
            foreach (var (group, seconds) in part.wallSeconds) merged.wallSeconds[group] = seconds;
        return merged;
    }

    /// <summary>The runs of the named groups only, for example the one chosen on the validation set (chapter 6).</summary>
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

    /// <summary>One line per group.</summary>
    public override string ToString() =>
        string.Join('\n', Groups.Select(g => string.Create(CultureInfo.InvariantCulture,
            $"{g}: {Of(g).Count} runs, final validation loss {Of(g).Average(h => h.FinalValidationLoss):G4} on average")));

    string IHtmlDisplay.ToHtml() => $"<pre>{Html.Encode(ToString())}</pre>";
}
