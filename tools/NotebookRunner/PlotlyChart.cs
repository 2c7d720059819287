using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NirNet.NotebookRunner;

/// <summary>
/// A Plotly.NET chart as the kernel shows it: a <c>text/html</c> output holding a <c>div</c> and a script that loads
/// plotly.js through require.js from a CDN and calls <c>Plotly.newPlot(id, data, layout, config)</c>. The runner reads
/// the three JSON arguments back, makes them smaller without changing the drawing (<see cref="Compact"/>), and writes
/// the output again with a static image inside the <c>div</c> (<see cref="ToHtml"/>), for readers whose viewer does not
/// run scripts.
/// </summary>
internal sealed partial record PlotlyChart(string Html, string DivId, JsonArray Data, JsonObject Layout, JsonObject Config)
{
    /// <summary>
    /// Reads a chart from an output's HTML, as the kernel wrote it or as <see cref="ToHtml"/> rewrote it; null when the
    /// HTML is not a Plotly.NET chart.
    /// </summary>
    public static PlotlyChart? TryParse(string html)
    {
        var match = ChartPattern().Match(html);
        if (!match.Success)
            return null;
        return new PlotlyChart(html, match.Groups["id"].Value,
            JsonNode.Parse(match.Groups["data"].Value)!.AsArray(),
            JsonNode.Parse(match.Groups["layout"].Value)!.AsObject(),
            JsonNode.Parse(match.Groups["config"].Value)!.AsObject());
    }

    /// <summary>The chart's size in pixels as its layout sets it (Plotly.NET always writes both).</summary>
    public (int Width, int Height) Size =>
        ((int?)Layout["width"] ?? 700, (int?)Layout["height"] ?? 450);

    /// <summary>The title, for the image's alternative text.</summary>
    public string Title => Layout["title"] is JsonObject title && (string?)title["text"] is { Length: > 0 } text
        ? text
        : "chart";

    /// <summary>
    /// The same drawing in fewer bytes: the template keeps only what this chart's traces and axes can use (Plotly.NET
    /// writes plotly's whole default template, about 8 KB, into every chart), and an <c>x</c> array that is an exact
    /// arithmetic sequence (epochs, evenly spaced wavelengths) becomes plotly's equivalent <c>x0</c> and <c>dx</c>.
    /// </summary>
    public PlotlyChart Compact()
    {
        var data = Data.DeepClone().AsArray();
        var layout = Layout.DeepClone().AsObject();
        var traceTypes = data.Select(t => (string?)t?["type"] ?? "scatter").ToHashSet();
        if (layout["template"] is JsonObject template)
        {
            if (template["data"] is JsonObject templateTraces)
                foreach (var type in templateTraces.Select(p => p.Key).Where(k => !traceTypes.Contains(k)).ToList())
                    templateTraces.Remove(type);
            if (traceTypes.All(CartesianTraceTypes.Contains) && template["layout"] is JsonObject templateLayout)
                foreach (var subplot in NonCartesianSubplots)
                    templateLayout.Remove(subplot);
        }
        foreach (var trace in data.OfType<JsonObject>())
            if (ArithmeticSequence(trace["x"]) is var (x0, dx) && trace["x0"] is null && trace["dx"] is null)
            {
                trace.Remove("x");
                trace["x0"] = x0;
                trace["dx"] = dx;
            }
        return this with { Data = data, Layout = layout };
    }

    /// <summary>
    /// The chart's HTML with this record's JSON and a PNG inside the chart's <c>div</c>: a viewer that
    /// strips scripts (GitHub) shows the image; where the script runs it empties the <c>div</c> just before plotly draws
    /// the interactive chart there (and where plotly.js cannot load, offline, the image stays).
    /// </summary>
    public string ToHtml(byte[] png)
    {
        var match = ChartPattern().Match(Html);
        var (width, height) = Size;
        string image = string.Create(CultureInfo.InvariantCulture,
            $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" width=\"{width}\" height=\"{height}\" alt=\"{WebUtility.HtmlEncode(Title)}\">");
        string newPlot = $"Plotly.newPlot('{DivId}'";
        string empty = $"document.getElementById('{DivId}').replaceChildren();\n        ";
        string script = Html[match.Groups["inner"].EndIndex()..match.Groups["data"].Index] + Data.ToJsonString()
            + Html[match.Groups["data"].EndIndex()..match.Groups["layout"].Index] + Layout.ToJsonString()
            + Html[match.Groups["layout"].EndIndex()..match.Groups["config"].Index] + Config.ToJsonString()
            + Html[match.Groups["config"].EndIndex()..];
        if (!script.Contains(empty + newPlot, StringComparison.Ordinal))
            script = script.Replace(newPlot, empty + newPlot, StringComparison.Ordinal);
        return Html[..match.Groups["inner"].Index] + image + script;
    }

    static readonly HashSet<string> CartesianTraceTypes =
        ["scatter", "scattergl", "bar", "histogram", "box", "violin", "heatmap", "contour", "histogram2d", "histogram2dcontour"];

    static readonly string[] NonCartesianSubplots = ["geo", "mapbox", "polar", "scene", "ternary"];

    /// <summary>(first, step) when every element is a number and equals first + i·step exactly; null otherwise.</summary>
    static (double First, double Step)? ArithmeticSequence(JsonNode? node)
    {
        if (node is not JsonArray values || values.Count < 3)
            return null;
        var numbers = new double[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is not JsonValue value || !value.TryGetValue(out double number))
                return null;
            numbers[i] = number;
        }
        double step = numbers[1] - numbers[0];
        if (step == 0)
            return null;
        for (int i = 0; i < numbers.Length; i++)
            if (numbers[0] + i * step != numbers[i])
                return null;
        return (numbers[0], step);
    }

    [GeneratedRegex(@"<div id=""(?<id>[0-9a-f-]+)"">(?<inner>.*?)</div><script.*?var data = (?<data>\[.*?\]);\n\s*var layout = (?<layout>\{.*?\});\n\s*var config = (?<config>\{.*?\});\n.*?Plotly\.newPlot\('\k<id>'", RegexOptions.Singleline)]
    private static partial Regex ChartPattern();
}

internal static class GroupExtensions
{
    /// <summary>The index just after the group's match.</summary>
    public static int EndIndex(this Group group) => group.Index + group.Length;
}
