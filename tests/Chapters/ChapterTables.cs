using System.Text.RegularExpressions;

namespace NirNet.Tests;

/// <summary>Reading the rows of a table a chapter printed (a DataFrame's HTML) as text cells.</summary>
internal static partial class ChapterTables
{
    /// <summary>The body rows of the first HTML table in <paramref name="html"/>, each as its cells' text (tags removed, decoded).</summary>
    public static IReadOnlyList<string[]> Rows(string html) =>
        RowPattern().Matches(html)
            .Select(row => CellPattern().Matches(row.Groups[1].Value)
                .Select(cell => OutputText.Decode(TagPattern().Replace(cell.Groups[1].Value, "")).Trim()).ToArray())
            .Where(cells => cells.Length > 0)
            .ToList();

    /// <summary>The row whose cell <paramref name="column"/> is <paramref name="key"/>.</summary>
    public static string[] Row(IReadOnlyList<string[]> rows, int column, string key) =>
        rows.SingleOrDefault(r => r.Length > column && r[column] == key)
        ?? throw new Xunit.Sdk.XunitException($"no row with \"{key}\" in column {column}; rows: {string.Join(" | ", rows.Select(r => string.Join(", ", r)))}");

    public static double Value(string cell) => double.Parse(cell.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("<tr>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
