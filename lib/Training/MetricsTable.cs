using System.Globalization;

namespace NirNet.Training;

/// <summary>The metrics of every run of one group (one setting, several seeds), with their mean and spread (chapter 6).</summary>
/// <param name="Group">The setting the runs share.</param>
/// <param name="Runs">Each run's metrics, in seed order.</param>
public sealed record GroupMetrics(string Group, IReadOnlyList<RegressionMetrics> Runs)
{
    /// <summary>Mean and standard deviation over the runs of one metric (the deviation is 0 for one run).</summary>
    public (double Mean, double StandardDeviation) Of(Func<RegressionMetrics, double> metric) =>
        Statistics.MeanAndDeviation(Runs.Select(metric).ToList());
}

/// <summary>Metrics in the target's units per group, mean ± standard deviation over seeds; shows as an HTML table in a notebook (chapter 6).</summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class MetricsTable : IHtmlDisplay
{
    /// <summary>A table of the given rows; <paramref name="targetLabel"/> heads the RMSE column, for example <c>fat (%)</c>.</summary>
    public MetricsTable(IReadOnlyList<GroupMetrics> rows, string targetLabel)
    {
        Rows = rows;
        TargetLabel = targetLabel;
    }

    /// <summary>One row per group.</summary>
    public IReadOnlyList<GroupMetrics> Rows { get; }

    /// <summary>The target and its unit, for example <c>SOM (%)</c>.</summary>
    public string TargetLabel { get; }

    /// <summary>The row of one group.</summary>
    public GroupMetrics this[string group] =>
        Rows.FirstOrDefault(r => r.Group == group) ?? throw new InvalidSettingException(nameof(group), $"no group '{group}'. Groups: {string.Join(", ", Rows.Select(r => r.Group))}.");

    string[] Header => ["setting", "runs", $"RMSE, {TargetLabel}", "R²", "RPD", "range of RMSE over seeds"];

    IEnumerable<string[]> Cells => Rows.Select(r => new[]
    {
        r.Group,
        r.Runs.Count.ToString(CultureInfo.InvariantCulture),
        Format(r.Of(m => m.Rmse), "F3"),
        Format(r.Of(m => m.R2), "F3"),
        Format(r.Of(m => m.Rpd), "F2"),
        string.Create(CultureInfo.InvariantCulture, $"{r.Runs.Min(m => m.Rmse):F3} – {r.Runs.Max(m => m.Rmse):F3}"),
    });

    static string Format((double Mean, double StandardDeviation) v, string format) =>
        v.Mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + v.StandardDeviation.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The table as aligned text.</summary>
    public override string ToString() => Html.Text(Header, Cells);

    string IHtmlDisplay.ToHtml() => Html.Table(Header, Cells);
}
