using System.Globalization;

namespace NirNet;

/// <summary>
/// plotly.js for a notebook page without internet. Every Plotly.NET chart in a notebook (and the live training chart)
/// asks require.js, in its context <c>fsharp-plotly</c>, for the module <c>plotly</c> from cdn.plot.ly, and loads
/// require.js itself from cdnjs when the page has none (VS Code); offline both fail and no chart draws.
/// <see cref="Setup.Initialize"/> sends <see cref="Html"/> once to the page: the plotly.js that Plotly.NET embeds (the
/// version its charts ask for), run so that it sets <c>window.Plotly</c>, and a small script that answers those charts'
/// requests for <c>plotly</c> with that copy. Every other request goes to require.js as before.
/// </summary>
internal static class PagePlotly
{
    /// <summary>The plotly.js version that Plotly.NET 6.0.0 embeds and that its charts ask the CDN for.</summary>
    public static string Version => Globals.PLOTLYJS_VERSION;

    /// <summary>The attribute that marks the output, so that the notebook runner can tell it from the chapters' own outputs.</summary>
    public const string Marker = "data-nirnet-page-plotly";

    /// <summary>
    /// The HTML fragment: one line of text for the reader, then a script with plotly.js inside. About 3.6 MB, nearly all
    /// of it plotly.js; a page that already has this version of plotly.js skips running it again.
    /// </summary>
    public static string Html()
    {
        string source = Source();
        string megabytes = (source.Length / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
        // Inside a <script> element only "</script" ends the script early; plotly.js 2.28.0 has none, and "<\/" means
        // the same as "</" wherever it can occur in JavaScript (strings, regular expressions, comments).
        source = source.Replace("</", "<\\/", StringComparison.Ordinal);
        return $$"""
            <div {{Marker}}="{{Version}}">Charts in this notebook draw with plotly.js {{Version}} from Plotly.NET, sent to this page once ({{megabytes}} MB): no internet needed.</div>
            <script type="text/javascript">
            (function () {
                var version = '{{Version}}';
                if (!(window.Plotly && window.Plotly.version === version)) {
                    // Hides require.js's define and CommonJS names from plotly.js's loader, so that it sets window.Plotly.
                    (function (define, module, exports) {
            {{source}}
                    }).call(window);
                }
                {{Requests}}
            })();
            </script>
            """;
    }

    /// <summary>
    /// The script that answers the charts' <c>requirejs.config({context:'fsharp-plotly', ...})</c>: on a page with
    /// require.js (Jupyter) it wraps <c>requirejs.config</c>; on a page without (VS Code) it puts a stand-in in its place
    /// that serves plotly and loads the real require.js from the CDN, as the charts themselves would, for anything else.
    /// The chart's callback runs after the current script, as require.js runs it: Jupyter runs an output's scripts before
    /// it puts the output into the page.
    /// </summary>
    const string Requests = """
                var onlyPlotly = function (deps) {
                    return Object.prototype.toString.call(deps) === '[object Array]' && deps.length > 0
                        && deps.every(function (d) { return d === 'plotly'; });
                };
                var servePlotly = function (deps, callback) {
                    setTimeout(function () {
                        if (callback) callback.apply(window, deps.map(function () { return window.Plotly; }));
                    }, 0);
                };
                var wrap = function (requirejs) {
                    var config = requirejs.config;
                    if (config.nirnetPagePlotly) return;
                    var wrapped = function (options) {
                        var contextRequire = config.apply(this, arguments);
                        if (!options || options.context !== 'fsharp-plotly') return contextRequire;
                        return function (deps, callback) {
                            return onlyPlotly(deps) ? servePlotly(deps, callback) : contextRequire.apply(this, arguments);
                        };
                    };
                    wrapped.nirnetPagePlotly = true;
                    requirejs.config = wrapped;
                };
                if (typeof window.requirejs === 'function' && typeof window.requirejs.config === 'function') {
                    wrap(window.requirejs);
                    return;
                }
                var waiting = null;
                var withRequireJs = function (action) {
                    if (waiting === null) {
                        waiting = [];
                        var script = document.createElement('script');
                        script.setAttribute('src', 'https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js');
                        script.onload = function () {
                            wrap(window.requirejs);
                            waiting.splice(0).forEach(function (a) { a(); });
                        };
                        document.getElementsByTagName('head')[0].appendChild(script);
                    }
                    waiting.push(action);
                };
                var standIn = function (deps, callback, errback) {
                    if (onlyPlotly(deps)) return servePlotly(deps, callback);
                    withRequireJs(function () { window.requirejs(deps, callback, errback); });
                };
                standIn.config = function (options) {
                    if (options && options.context === 'fsharp-plotly') return standIn;
                    return function (deps, callback, errback) {
                        withRequireJs(function () { window.requirejs.config(options)(deps, callback, errback); });
                    };
                };
                window.requirejs = standIn;
        """;

    static string Source()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        string name = $"Plotly.NET.plotly-{Version}.min.js";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} embeds no {name}; "
                + "the pinned Plotly.NET (Directory.Packages.props) is 6.0.0, which does.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
