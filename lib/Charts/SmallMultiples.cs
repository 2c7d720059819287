using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace NirNet;

/// <summary>
/// The small-multiples engine of the loss charts: up to three groups of runs in one plot, more as a grid of panels on
/// shared axes, each panel with the other groups' medians in faint grey behind it.
/// </summary>
internal static class SmallMultiples
{
    /// <summary>
    /// What one group adds to a chart: its traces, its median as a grey line for the other groups' panels (made anew for
    /// each panel, since a grid moves a trace to its panel's axes), the range of its values and its last epoch.
    /// </summary>
    internal sealed record Panel(string Group, IReadOnlyList<GenericChart> Traces, Func<GenericChart>? Reference, double Low, double High, int Epochs)
    {
        /// <summary>Both panels' traces in one panel, the second's reference.</summary>
        public Panel Then(Panel next) =>
            new(Group, [.. Traces, .. next.Traces], next.Reference ?? Reference, Math.Min(Low, next.Low), Math.Max(High, next.High), Math.Max(Epochs, next.Epochs));
    }

    /// <summary>Up to three groups in one plot; more as small multiples, in rows of up to four panels.</summary>
    internal static GenericChart Panels(IReadOnlyList<Panel> panels, string yTitle, string note)
    {
        if (panels.Count <= 3) return Wide(OnePlot(panels, "epoch", yTitle), 1, note);
        int rows = (panels.Count + 3) / 4, columns = (panels.Count + rows - 1) / rows;
        var grid = CSharpChart.Grid(WithReferences(panels), nRows: rows, nCols: columns, SubPlotTitles: panels.Select(p => p.Group).ToArray());
        return Wide(SharedAxes(grid, panels, 1, columns, "epoch", yTitle), rows, note);
    }

    internal static GenericChart OnePlot(IEnumerable<Panel> panels, string xTitle, string yTitle) =>
        LogLossAxes(CSharpChart.Combine(panels.SelectMany(p => p.Traces)), xTitle, yTitle);

    /// <summary>Each group's panel: the other groups' reference lines, then its own traces.</summary>
    internal static IEnumerable<GenericChart> WithReferences(IReadOnlyList<Panel> panels) =>
        panels.Select(p => CSharpChart.Combine(panels.Where(other => other != p).Select(other => other.Reference).OfType<Func<GenericChart>>()
            .Select(reference => reference()).Concat(p.Traces)));

    /// <summary>
    /// One x range and one log y range for the panels on a grid's axes <paramref name="first"/> onwards, <paramref name="columns"/>
    /// to a row; the y title on the left of each row, the x title under each panel with none below it.
    /// </summary>
    internal static GenericChart SharedAxes(GenericChart grid, IReadOnlyList<Panel> panels, int first, int columns, string xTitle, string yTitle)
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
    internal static GenericChart Wide(GenericChart chart, int rows, string note)
    {
        var heading = new Title();
        heading.SetProperty("text", note);
        heading.SetProperty("side", "top");
        return chart.WithSize(900, 160 + 320 * rows)
            .WithLegendStyle(Title: heading, Orientation: StyleParam.Orientation.Horizontal, TraceGroupGap: 0, X: 0.0, Y: -0.2, YAnchor: StyleParam.YAnchorPosition.Top);
    }

    internal static GenericChart LogLossAxes(GenericChart chart, string xTitle, string yTitle) => chart
        .WithXAxisStyle<int, int, string>(TitleText: xTitle)
        .WithYAxisStyle<double, double, string>(TitleText: yTitle, AxisType: StyleParam.AxisType.Log);
}
