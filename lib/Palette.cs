namespace NirNet;

/// <summary>
/// The series' colours, one per data series in order (Plotly's own defaults): the charts (<see cref="Charts"/>) and the
/// live training view draw with them, so that a group keeps its colour from the live view to the final chart. It depends
/// on nothing, so that every folder may use it.
/// </summary>
internal static class Palette
{
    /// <summary>The colours, as <c>#rrggbb</c>.</summary>
    public static IReadOnlyList<string> Colours { get; } =
        ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

    /// <summary>The colour of series <paramref name="index"/> (from 0), the palette repeating after its last colour.</summary>
    public static string Colour(int index) => Colours[index % Colours.Count];
}
