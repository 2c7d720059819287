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

/// <summary>Charts of optimisers on a loss surface.</summary>
public static partial class Charts
{
    /// <summary>
    /// Paths of optimisers over a two-parameter loss surface, drawn on the surface's contour lines (log-spaced, so that the
    /// floor of a valley stays visible) (chapter 4).
    /// </summary>
    /// <param name="surface">The loss as a function of the two parameters.</param>
    /// <param name="xRange">Range of the first parameter shown.</param>
    /// <param name="yRange">Range of the second parameter shown.</param>
    /// <param name="paths">Each optimiser's name and the points it visited, start first.</param>
    public static GenericChart OptimizerPaths(Func<double, double, double> surface, (double From, double To) xRange, (double From, double To) yRange,
        IEnumerable<(string Name, IReadOnlyList<(double X, double Y)> Points)> paths)
    {
        const int grid = 80;
        var xs = Enumerable.Range(0, grid).Select(i => xRange.From + (xRange.To - xRange.From) * i / (grid - 1)).ToArray();
        var ys = Enumerable.Range(0, grid).Select(i => yRange.From + (yRange.To - yRange.From) * i / (grid - 1)).ToArray();
        var z = ys.Select(y => xs.Select(x => Math.Log10(surface(x, y) + 1e-3)).ToArray()).ToArray();
        var contour = CSharpChart.Contour<double, double, double, string>(zData: z, X: xs, Y: ys, Name: "log10 loss", ShowScale: false,
            ColorScale: StyleParam.Colorscale.Viridis, ContoursColoring: StyleParam.ContourColoring.Lines, ContourLinesWidth: 1, ShowContourLines: true, NContours: 25, ShowLegend: false);
        var lines = paths.Select((p, i) => CSharpChart.Line<double, double, string>(x: p.Points.Select(q => q.X), y: p.Points.Select(q => q.Y),
            ShowMarkers: true, Name: p.Name, LineColor: ColorOf(i), MarkerColor: ColorOf(i)));
        return CSharpChart.Combine(new[] { contour }.Concat(lines))
            .WithXAxisStyle<double, double, string>(TitleText: "parameter 1", MinMax: Tuple.Create(xRange.From, xRange.To))
            .WithYAxisStyle<double, double, string>(TitleText: "parameter 2", MinMax: Tuple.Create(yRange.From, yRange.To));
    }
}
