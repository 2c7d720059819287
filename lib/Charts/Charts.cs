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

/// <summary>
/// The series' charts, as Plotly.NET charts: the last expression of a notebook cell shows them inline, and
/// <see cref="SaveHtml"/> writes them as standalone pages (chapters 1 to 8). The charts are in files named after their
/// family (<c>LossCharts.cs</c>, <c>SpectraCharts.cs</c>, …); this file holds what they share.
/// </summary>
public static partial class Charts
{
    /// <summary>The chart with <paramref name="title"/> above it; unchanged when the title is null.</summary>
    static GenericChart Titled(GenericChart chart, string? title) =>
        title is null ? chart : Plotly.NET.Chart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);

    /// <summary>The colour of series <paramref name="index"/>, from <see cref="Palette"/>.</summary>
    static Color ColorOf(int index) => Color.fromString(Palette.Colour(index));

    /// <summary>The colour of series <paramref name="index"/> at 20 % opacity, for the band around its line.</summary>
    static Color BandOf(int index)
    {
        string hex = Palette.Colour(index);
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        return Color.fromString($"rgba({r},{g},{b},0.2)");
    }

    /// <summary>Writes the chart as a standalone HTML page with plotly.js embedded, viewable offline.</summary>
    public static void SaveHtml(GenericChart chart, string path)
    {
        var full = Plotly.NET.Chart.withDisplayOptionsStyle(null, null, null, null, null, null, FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full)).Invoke(chart);
        File.WriteAllText(path, GenericChart.toEmbeddedHTML(full));
    }

    /// <summary>The chart's HTML fragment (what the notebook shows), for tests and for pages that include plotly.js themselves.</summary>
    internal static string ToHtml(GenericChart chart) => GenericChart.toChartHTML(chart);
}
