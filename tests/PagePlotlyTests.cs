using System.Text.Json.Nodes;
using NirNet.NotebookRunner;
using PuppeteerSharp;

namespace NirNet.Tests;

/// <summary>
/// The copy of plotly.js that <c>Setup.Initialize</c> sends to a live notebook page (<see cref="PagePlotly"/>): it is
/// Plotly.NET's own, whole; the notebook runner keeps it out of the committed notebooks; and on a page without require.js
/// (as VS Code's notebook webview is) it lets a chart output exactly as the kernel writes it draw with no network.
/// The classic Jupyter Notebook, which has require.js, is tested end to end in <see cref="OfflineChartsBrowserTests"/>.
/// </summary>
public sealed class PagePlotlyTests
{
    [Fact]
    public void Page_copy_is_the_plotly_js_that_Plotly_NET_embeds_in_one_script()
    {
        string html = PagePlotly.Html();

        Assert.Equal(PlotlyJs.FileName, $"plotly-{PagePlotly.Version}.min.js");
        Assert.Contains(PlotlyJs.Source.Replace("</", "<\\/", StringComparison.Ordinal), html);
        Assert.True(html.Length < PlotlyJs.Source.Length + 10_000, $"{html.Length:N0} characters for {PlotlyJs.Source.Length:N0} of plotly.js");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "</script", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Contains($"{PagePlotly.Marker}=\"{PagePlotly.Version}\"", html);
    }

    [Fact]
    public void Library_and_runner_agree_on_the_switch_and_the_marker()
    {
        Assert.Equal(Setup.PagePlotlyVariable, NotebookExecutor.PagePlotlyVariable);
        Assert.Equal(PagePlotly.Marker, CommittedNotebook.PagePlotlyMarker);
    }

    [Fact]
    public void Runner_drops_the_page_copy_from_a_notebook_it_commits()
    {
        var output = new JsonObject
        {
            ["output_type"] = "display_data",
            ["data"] = new JsonObject { ["text/html"] = PagePlotly.Html() },
            ["metadata"] = new JsonObject(),
        };
        var chart = new JsonObject
        {
            ["output_type"] = "display_data",
            ["data"] = new JsonObject { ["text/html"] = File.ReadAllText(KernelChartPath) },
            ["metadata"] = new JsonObject(),
        };

        Assert.True(CommittedNotebook.IsKernelNoise(output));
        Assert.False(CommittedNotebook.IsKernelNoise(chart));
    }

    [Theory]
    [MemberData(nameof(CommittedNotebookTests.Committed), MemberType = typeof(CommittedNotebookTests))]
    public void Committed_notebook_carries_no_page_copy(string name)
    {
        string text = File.ReadAllText(Path.Combine(Notebooks.Repository.Notebooks, name));
        Assert.DoesNotContain(PagePlotly.Marker, text);
        Assert.DoesNotContain("plotly.js v" + PagePlotly.Version, text);
    }

    [Fact]
    public async Task Without_require_js_a_kernel_chart_draws_from_the_page_copy_with_no_network()
    {
        await using var chromium = await Chromium.StartAsync(
            "--host-resolver-rules=\"MAP * ~NOTFOUND, EXCLUDE 127.0.0.1\"", "--proxy-server=http://127.0.0.1:9");
        await using var page = await chromium.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>");
        Assert.Equal("undefined", await page.EvaluateExpressionAsync<string>("typeof window.requirejs"));

        // Each output as a notebook renderer shows HTML: the markup into the page, then each script run as a new script element.
        const string Show = """
            html => {
                const output = document.createElement('div');
                output.innerHTML = html;
                document.body.appendChild(output);
                for (const old of output.querySelectorAll('script')) {
                    const script = document.createElement('script');
                    script.text = old.text;
                    old.replaceWith(script);
                }
            }
            """;
        await page.EvaluateFunctionAsync(Show, PagePlotly.Html());
        var chart = PlotlyChart.TryParse(File.ReadAllText(KernelChartPath))!;
        await page.EvaluateFunctionAsync(Show, chart.Html);
        await page.EvaluateFunctionAsync(Show, chart.Html.Replace(chart.DivId, "second-chart", StringComparison.Ordinal)
            .Replace(chart.DivId.Replace("-", ""), "second_chart", StringComparison.Ordinal));

        foreach (var id in new[] { chart.DivId, "second-chart" })
            await page.WaitForFunctionAsync(
                $"() => {{ const e = document.getElementById('{id}'); return e && e.classList.contains('js-plotly-plot') && e.querySelectorAll('.scatterlayer .trace').length > 0; }}",
                new WaitForFunctionOptions { Timeout = 15_000, PollingInterval = 100 });
        Assert.Equal(PagePlotly.Version, await page.EvaluateExpressionAsync<string>("window.Plotly.version"));
    }

    static string KernelChartPath => Path.Combine(Notebooks.Repository.Root, "tests", "Resources", "kernel-chart.html");
}
