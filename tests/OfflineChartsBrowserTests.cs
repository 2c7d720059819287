using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using NirNet.NotebookRunner;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace NirNet.Tests;

/// <summary>
/// A reader without internet, in the classic Jupyter Notebook: Debian's <c>jupyter-notebook</c> serves the repository on
/// loopback, headless Chromium, with every host but 127.0.0.1 unreachable, opens a chapter and runs all its cells through
/// the page (Cell › Run All), and every chart the chapter shows must be drawn by plotly.js — the copy
/// <c>Setup.Initialize</c> sends to the page — with no error output. The kernel is the .NET Interactive of the tool
/// manifest, registered for the test in a private Jupyter folder with <c>--http-local-only</c>. The page never saves: the
/// test turns autosave off and puts the committed notebook back should it change.
/// </summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class OfflineChartsBrowserTests(ITestOutputHelper output)
{
    const string Install = "`.ci/install-jupyter` installs it (Debian: apt-get install --no-install-recommends jupyter-notebook), "
        + "and `.ci/install-chromium` the browser.";

    [Theory]
    [InlineData("00-setup.ipynb")]
    [InlineData("01-dnn-spectral-regression.ipynb")]
    public async Task Chapter_draws_every_chart_in_jupyter_with_no_network(string notebook)
    {
        var run = await RunInJupyterAsync(notebook, pagePlotly: true, screenshot: notebook.StartsWith("00", StringComparison.Ordinal));
        Assert.True(run.NetworkBlocked, "the browser reached cdn.plot.ly: the test would not show that charts draw without internet");
        Assert.True(run.Errors.Count == 0, $"{notebook}: error outputs in the page:\n{string.Join("\n", run.Errors)}");
        Assert.True(run.Charts.Count > 0, $"{notebook} showed no chart in the page");
        Assert.True(run.Undrawn.Count == 0,
            $"{notebook}: {run.Undrawn.Count} of {run.Charts.Count} charts not drawn ({string.Join(", ", run.Undrawn)}); page messages:\n{run.Console}");
        Assert.True(run.PageCopyBytes > 3_000_000, $"the page got no copy of plotly.js from Setup.Initialize ({run.PageCopyBytes} bytes)");
    }

    [Fact]
    public async Task Without_the_page_copy_the_same_check_finds_the_chart_undrawn()
    {
        var run = await RunInJupyterAsync("00-setup.ipynb", pagePlotly: false, screenshot: false);
        Assert.True(run.NetworkBlocked, "the browser reached cdn.plot.ly");
        Assert.Empty(run.Errors);
        Assert.Equal(0, run.PageCopyBytes);
        Assert.NotEmpty(run.Charts);
        Assert.Equal(run.Charts, run.Undrawn);
    }

    sealed record PageRun(bool NetworkBlocked, IReadOnlyList<string> Errors, IReadOnlyList<string> Charts, IReadOnlyList<string> Undrawn,
        long PageCopyBytes, string Console);

    async Task<PageRun> RunInJupyterAsync(string notebook, bool pagePlotly, bool screenshot)
    {
        var repository = Notebooks.Repository;
        await new NotebookExecutor(repository).PrepareAsync();
        string committed = Path.Combine(repository.Notebooks, notebook);
        byte[] original = File.ReadAllBytes(committed);
        string checkpoints = Path.Combine(repository.Notebooks, ".ipynb_checkpoints");
        bool hadCheckpoints = Directory.Exists(checkpoints);
        string home = Path.Combine(Path.GetTempPath(), $"nirnet-jupyter-browser-{Guid.NewGuid():N}");
        var server = await JupyterServer.StartAsync(repository.Root, home, pagePlotly);
        try
        {
            await using var chromium = await Chromium.StartAsync(
                "--host-resolver-rules=\"MAP * ~NOTFOUND, EXCLUDE 127.0.0.1\"",
                "--proxy-server=http://127.0.0.1:9",
                "--window-size=1200,900");
            await using var page = await chromium.NewPageAsync();
            var console = new System.Text.StringBuilder();
            page.Console += (_, e) => { lock (console) console.AppendLine($"console {e.Message.Type}: {e.Message.Text}"); };
            page.PageError += (_, e) => { lock (console) console.AppendLine($"page error: {e.Message}"); };
            await page.SetViewportAsync(new ViewPortOptions { Width = 1200, Height = 900 });
            await page.GoToAsync($"{server.Url}notebooks/notebooks/{notebook}?token={server.Token}");
            await page.WaitForFunctionAsync(
                "() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()",
                new WaitForFunctionOptions { Timeout = 120_000, PollingInterval = 200 });
            bool blocked = await page.EvaluateExpressionAsync<bool>(
                "fetch('https://cdn.plot.ly/plotly-2.28.0.min.js', {mode: 'no-cors'}).then(() => false, () => true)");
            // Times from Run All: when the page copy of plotly.js is shown, and when the first chart is drawn.
            await page.EvaluateExpressionAsync("""
                Jupyter.notebook.set_autosave_interval(0);
                Jupyter.notebook.clear_all_output();
                window.nirnetTimes = { start: performance.now() };
                new MutationObserver(() => {
                    const t = window.nirnetTimes;
                    if (t.copy === undefined && document.querySelector('[data-nirnet-page-plotly]')) t.copy = performance.now() - t.start;
                    if (t.chart === undefined && document.querySelector('.js-plotly-plot .scatterlayer .trace')) t.chart = performance.now() - t.start;
                }).observe(document.body, { childList: true, subtree: true });
                Jupyter.notebook.execute_all_cells();
                true
                """);
            var clock = Stopwatch.StartNew();
            var limit = NotebookExecutor.DefaultTimeout();
            await page.WaitForFunctionAsync("""
                () => Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').every(c => typeof c.input_prompt_number === 'number')
                    && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null
                """, new WaitForFunctionOptions { Timeout = (int)limit.TotalMilliseconds, PollingInterval = 500 });
            var ran = clock.Elapsed;
            // Charts draw once plotly.js has run; give them a few seconds after the last cell.
            const string Drawn = """
                () => {
                    const ids = [];
                    for (const cell of Jupyter.notebook.get_cells())
                        for (const o of (cell.output_area ? cell.output_area.outputs : []))
                            for (const m of ((o.data || {})['text/html'] || '').matchAll(/Plotly\.newPlot\('([^']+)'/g)) ids.push(m[1]);
                    const drawn = ids.filter(id => {
                        const element = document.getElementById(id);
                        return element !== null && element.classList.contains('js-plotly-plot') && element.querySelectorAll('.scatterlayer .trace').length > 0;
                    });
                    return JSON.stringify({ids, drawn});
                }
                """;
            try
            {
                await page.WaitForFunctionAsync($"() => {{ const r = JSON.parse(({Drawn})()); return r.ids.length > 0 && r.ids.length === r.drawn.length; }}",
                    new WaitForFunctionOptions { Timeout = 15_000, PollingInterval = 250 });
            }
            catch (WaitTaskTimeoutException)
            {
                // Reported below, chart by chart.
            }
            var charts = JsonNode.Parse(await page.EvaluateFunctionAsync<string>(Drawn))!;
            var ids = charts["ids"]!.AsArray().Select(n => (string)n!).ToList();
            var drawn = charts["drawn"]!.AsArray().Select(n => (string)n!).ToHashSet();
            var errors = JsonSerializer.Deserialize<List<string>>(await page.EvaluateExpressionAsync<string>("""
                JSON.stringify(Jupyter.notebook.get_cells().flatMap(c => c.output_area ? c.output_area.outputs : [])
                    .filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue))
                """))!;
            long pageCopy = await page.EvaluateExpressionAsync<long>("""
                Jupyter.notebook.get_cells().flatMap(c => c.output_area ? c.output_area.outputs : [])
                    .map(o => (o.data || {})['text/html'] || '').filter(h => h.includes('data-nirnet-page-plotly')).reduce((n, h) => n + h.length, 0)
                """);
            output.WriteLine($"{notebook} (page copy of plotly.js {(pagePlotly ? "on" : "off")}): cells ran in {ran.TotalSeconds:0.0} s; "
                + $"{drawn.Count} of {ids.Count} charts drawn; page copy {pageCopy:N0} characters; network blocked: {blocked}");
            output.WriteLine("from Run All: page copy shown after "
                + await page.EvaluateExpressionAsync<string>("window.nirnetTimes.copy === undefined ? 'never' : (window.nirnetTimes.copy / 1000).toFixed(1) + ' s'")
                + ", first chart drawn after "
                + await page.EvaluateExpressionAsync<string>("window.nirnetTimes.chart === undefined ? 'never' : (window.nirnetTimes.chart / 1000).toFixed(1) + ' s'"));
            if (pageCopy > 0)
            {
                // What the page copy costs the page: running its script again from scratch, as at its first arrival.
                double milliseconds = await page.EvaluateExpressionAsync<double>("""
                    (() => {
                        const html = Jupyter.notebook.get_cells().flatMap(c => c.output_area ? c.output_area.outputs : [])
                            .map(o => (o.data || {})['text/html'] || '').find(h => h.includes('data-nirnet-page-plotly'));
                        const script = html.slice(html.indexOf('<script type="text/javascript">') + 31, html.lastIndexOf('</script>'));
                        const plotly = window.Plotly;
                        delete window.Plotly;
                        const start = performance.now();
                        (0, eval)(script);
                        const time = performance.now() - start;
                        if (!window.Plotly || window.Plotly.version !== plotly.version) throw new Error('the page copy did not set window.Plotly');
                        return time;
                    })()
                    """);
                output.WriteLine($"running the page copy's script (plotly.js {pageCopy:N0} characters) took {milliseconds:0} ms in this Chromium");
            }
            if (screenshot && ids.FirstOrDefault(drawn.Contains) is { } first)
            {
                var element = await page.QuerySelectorAsync($"[id='{first}']");
                await element.ScrollIntoViewAsync();
                Directory.CreateDirectory(repository.Artifacts);
                string picture = Path.Combine(repository.Artifacts, $"offline-chart-{Path.GetFileNameWithoutExtension(notebook)}.png");
                await element.ScreenshotAsync(picture);
                output.WriteLine($"screenshot: {picture}");
            }
            return new PageRun(blocked, errors, ids, ids.Where(id => !drawn.Contains(id)).ToList(), pageCopy, console.ToString());
        }
        finally
        {
            await server.DisposeAsync();
            if (!File.ReadAllBytes(committed).AsSpan().SequenceEqual(original))
                File.WriteAllBytes(committed, original);
            if (!hadCheckpoints && Directory.Exists(checkpoints))
                Directory.Delete(checkpoints, recursive: true);
            if (Directory.Exists(home))
                Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>
    /// Debian's Jupyter Notebook 6 on a free loopback port with a random token, its settings and data in a private folder,
    /// and there the <c>.net-csharp</c> kernelspec with <c>--http-local-only</c> (it takes precedence over any other).
    /// </summary>
    sealed class JupyterServer : IAsyncDisposable
    {
        readonly Process process;

        JupyterServer(Process process, string url, string token) => (this.process, Url, Token) = (process, url, token);

        public string Url { get; }

        public string Token { get; }

        public static async Task<JupyterServer> StartAsync(string root, string home, bool pagePlotly)
        {
            string spec = Path.Combine(home, "path", "kernels", ".net-csharp");
            Directory.CreateDirectory(spec);
            File.WriteAllText(Path.Combine(spec, "kernel.json"), new JsonObject
            {
                ["argv"] = new JsonArray("dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}",
                    "--http-port-range", "2048-3000", "--http-local-only"),
                ["display_name"] = ".NET (C#)",
                ["language"] = "C#",
            }.ToJsonString());
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            string token = Guid.NewGuid().ToString("N");
            var start = new ProcessStartInfo("jupyter-notebook")
            {
                WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            foreach (var argument in new[] { "--no-browser", "--allow-root", "--ip=127.0.0.1", $"--port={port}", "--port-retries=0",
                         $"--NotebookApp.token={token}", $"--notebook-dir={root}" })
                start.ArgumentList.Add(argument);
            start.Environment["JUPYTER_PATH"] = Path.Combine(home, "path");
            start.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(home, "config");
            start.Environment["JUPYTER_DATA_DIR"] = Path.Combine(home, "data");
            start.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(home, "runtime");
            start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment[NotebookExecutor.PagePlotlyVariable] = pagePlotly ? "on" : "off";
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("jupyter-notebook did not start.");
            }
            catch (Win32Exception e)
            {
                throw new Xunit.Sdk.XunitException($"`jupyter-notebook` could not be started ({e.Message}). {Install}");
            }
            var log = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new JupyterServer(process, $"http://127.0.0.1:{port}/", token);
            using var http = new HttpClient();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (process.HasExited)
                    throw new Xunit.Sdk.XunitException($"jupyter-notebook exited with {process.ExitCode}:\n{log}");
                try
                {
                    var answer = await http.GetAsync($"{server.Url}api/kernelspecs?token={token}");
                    if (answer.IsSuccessStatusCode)
                    {
                        var argv = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["kernelspecs"]?[".net-csharp"]?["spec"]?["argv"];
                        if (argv?.AsArray().Any(a => (string?)a == "--http-local-only") != true)
                            throw new Xunit.Sdk.XunitException($"the server's .net-csharp kernelspec is not the test's (argv {argv?.ToJsonString()})");
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(250);
            }
            await server.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"jupyter-notebook did not answer on port {port} within 60 s:\n{log}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                // The server shuts its kernels down on SIGTERM-like stop requests; killing the tree also ends the kernel.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}
