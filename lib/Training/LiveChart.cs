using System.Globalization;
using System.Text;
using System.Text.Json;
namespace NirNet.Training;

/// <summary>
/// The chart of a live training view: the validation loss of every run so far, one thin line per run in its group's
/// colour, at most about 200 points each, over all the epochs so that the lines grow across the chart. Written as a
/// notebook HTML fragment directly rather than through Plotly.NET, whose chart formatter takes a few hundred milliseconds
/// per chart (measured in the kernel) — more than a view redrawn a few times a second may take from training. It loads
/// the plotly.js that Plotly.NET draws with, the way Plotly.NET.Interactive loads it.
/// </summary>
internal static class LiveChart
{
    public static string Html(IReadOnlyList<TrainingHistory> runs, int epochs)
    {
        string id = Guid.NewGuid().ToString("N");
        var groups = runs.Select(h => h.Group).Distinct().ToList();
        int step = Math.Max(1, (epochs + 199) / 200);
        var data = new StringBuilder("[");
        var shown = new HashSet<string>();
        foreach (var run in runs)
        {
            var x = Enumerable.Range(1, run.Epochs).Where(e => (e % step == 0 || e == run.Epochs) && double.IsFinite(run.ValidationLoss[e - 1])).ToList();
            string name = JsonSerializer.Serialize(run.Group), colour = Palette.Colour(groups.IndexOf(run.Group));
            bool legend = shown.Add(run.Group) && groups.Count > 1;
            if (data.Length > 1) data.Append(',');
            data.Append($$"""{"type":"scatter","mode":"lines","name":{{name}},"legendgroup":{{name}},"showlegend":{{(legend ? "true" : "false")}},"line":{"color":"{{colour}}","width":1},"x":[""")
                .AppendJoin(',', x).Append("],\"y\":[")
                .AppendJoin(',', x.Select(e => run.ValidationLoss[e - 1].ToString("G4", CultureInfo.InvariantCulture))).Append("]}");
        }
        data.Append(']');
        string yTitle = JsonSerializer.Serialize(TrainingHistory.LossAxisTitle(runs, "validation loss"));
        string layout = $$$"""{"width":900,"height":360,"margin":{"t":20},"plot_bgcolor":"#e5ecf6","legend":{"orientation":"h","y":-0.25},"xaxis":{"title":{"text":"epoch"},"range":[1,{{{epochs}}}],"gridcolor":"white"},"yaxis":{"title":{"text":{{{yTitle}}}},"type":"log","gridcolor":"white"}}""";
        return $$$"""
            <div id="{{{id}}}"></div><script type="text/javascript">
            var renderLive_{{{id}}} = function() {
                var plotlyRequire = requirejs.config({context:'fsharp-plotly',paths:{plotly:'https://cdn.plot.ly/plotly-{{{Globals.PLOTLYJS_VERSION}}}.min'}}) || require;
                plotlyRequire(['plotly'], function(Plotly) { Plotly.newPlot('{{{id}}}', {{{data}}}, {{{layout}}}, {"responsive":true}); });
            };
            if ((typeof(requirejs) !== typeof(Function)) || (typeof(requirejs.config) !== typeof(Function))) {
                var script = document.createElement("script");
                script.setAttribute("src", "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js");
                script.onload = function() { renderLive_{{{id}}}(); };
                document.getElementsByTagName("head")[0].appendChild(script);
            }
            else {
                renderLive_{{{id}}}();
            }
            </script>
            """;
    }
}
