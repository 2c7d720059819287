using System.Globalization;

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
/// <param name="WallSeconds">Wall time of the training that produced these runs (of all runs trained together with them, for the engine's <c>Stacked.Compare</c>).</param>
public sealed record GroupSummary(string Group, int Runs, int Diverged, double FinalMean, double FinalStandardDeviation, double FinalMin, double FinalMax,
    double BestMean, double? MedianEpochsToThreshold, int RunsReachingThreshold, double WallSeconds);

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
