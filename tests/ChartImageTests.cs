using System.Buffers.Binary;
using System.Text.Json.Nodes;
using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>
/// The committed notebooks carry an image of every chart (for viewers that strip scripts, such as GitHub), made without
/// changing the chart: the compacted chart draws the same pixels as the kernel's, and the palette PNG holds them.
/// </summary>
[Collection(nameof(Browser))]
public sealed class ChartImageTests(BrowserFixture browser)
{
    /// <summary>A chart output exactly as the kernel wrote it (chapter 7, before images were added).</summary>
    static PlotlyChart KernelChart() =>
        PlotlyChart.TryParse(File.ReadAllText(Path.Combine(Notebooks.Repository.Root, "tests", "Resources", "kernel-chart.html")))
        ?? throw new InvalidDataException("tests/Resources/kernel-chart.html is not a Plotly.NET chart output.");

    [Fact]
    public async Task Compacted_chart_draws_the_same_pixels_in_fewer_bytes()
    {
        var original = KernelChart();
        var compact = original.Compact();

        var images = await browser.Chromium.RenderAsync([original, compact]);

        Assert.Equal(images[0], images[1]);
        Assert.True(compact.Data.ToJsonString().Length + compact.Layout.ToJsonString().Length
            < 0.7 * (original.Data.ToJsonString().Length + original.Layout.ToJsonString().Length));
        Assert.All(compact.Data, trace => Assert.Null(trace!["x"]));
        Assert.Equal(-40.0, (double)compact.Data[0]!["x0"]!);
        Assert.Equal(10.0, (double)compact.Data[0]!["dx"]!);
    }

    [Fact]
    public void Only_exact_arithmetic_x_values_become_x0_and_dx()
    {
        var chart = KernelChart();
        var uneven = chart with { Data = new JsonArray(new JsonObject { ["type"] = "scatter", ["x"] = new JsonArray(1, 2, 4), ["y"] = new JsonArray(1, 2, 3) },
            new JsonObject { ["type"] = "scatter", ["x"] = new JsonArray("a", "b", "c"), ["y"] = new JsonArray(1, 2, 3) }) };

        var compact = uneven.Compact();

        Assert.Equal("[1,2,4]", compact.Data[0]!["x"]!.ToJsonString());
        Assert.Equal("[\"a\",\"b\",\"c\"]", compact.Data[1]!["x"]!.ToJsonString());
    }

    [Fact]
    public async Task Chart_with_its_image_reads_back_as_the_same_chart()
    {
        var chart = KernelChart().Compact();
        var png = (await browser.Chromium.RenderAsync([chart])).Single();

        string html = chart.ToHtml(png);
        var again = PlotlyChart.TryParse(html)!;

        Assert.Contains($"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" width=\"600\" height=\"600\"", html);
        Assert.Contains($"document.getElementById('{chart.DivId}').replaceChildren();", html);
        Assert.Equal(chart.Data.ToJsonString(), again.Data.ToJsonString());
        Assert.Equal(chart.Layout.ToJsonString(), again.Layout.ToJsonString());
        Assert.Equal(html, again.ToHtml(png));
    }

    [Fact]
    public async Task Where_scripts_do_not_run_the_image_shows_and_where_they_run_the_chart_replaces_it()
    {
        var chart = KernelChart().Compact();
        var png = (await browser.Chromium.RenderAsync([chart])).Single();
        // Scripts and styles stripped, the strictest reading of what GitHub does to an output's HTML.
        string stripped = System.Text.RegularExpressions.Regex.Replace(chart.ToHtml(png), "<script.*?</script>", "",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        await using var page = await browser.Chromium.NewPageAsync();
        await page.SetJavaScriptEnabledAsync(false);
        await page.SetContentAsync($"<!DOCTYPE html><html><body>{stripped}</body></html>");
        Assert.Equal(600, await page.EvaluateExpressionAsync<int>("document.querySelector('img').naturalWidth"));

        // With scripts (VS Code; here plotly.js is served locally in place of the CDN's require.js route).
        await using var live = await browser.Chromium.NewPageAsync();
        await live.SetContentAsync("<!DOCTYPE html><html><body></body></html>");
        await live.AddScriptTagAsync(new PuppeteerSharp.AddTagOptions { Content = PlotlyJs.Source });
        await live.EvaluateExpressionAsync("window.requirejs = function () {}; window.requirejs.config = () => (deps, draw) => draw(window.Plotly);");
        await live.EvaluateFunctionAsync("html => { const range = document.createRange(); document.body.append(range.createContextualFragment(html)); }", chart.ToHtml(png));
        await live.WaitForSelectorAsync(".js-plotly-plot .main-svg");
        Assert.Equal(0, await live.EvaluateExpressionAsync<int>("document.querySelectorAll('img').length"));
    }

    [Fact]
    public async Task Palette_png_keeps_the_256_most_frequent_colours_and_maps_the_rest_to_the_nearest()
    {
        // 256 colours on two pixels each, then 20 colours on one pixel each, each one step of blue from a frequent one.
        const int width = 28, height = 19;
        var rgba = new byte[width * height * 4];
        var expected = new byte[rgba.Length];
        for (int i = 0; i < width * height; i++)
        {
            int colour = i < 512 ? i / 2 : (i - 512) * 10;
            byte[] pixel = [(byte)colour, (byte)(colour * 7 % 256), (byte)(i < 512 ? 100 : 101), 255];
            pixel.CopyTo(rgba, 4 * i);
            pixel[2] = 100;
            pixel.CopyTo(expected, 4 * i);
        }

        byte[] png = PalettePng.Encode(width, height, rgba);

        Assert.Equal(3, png[8 + 8 + 9]);   // IHDR colour type: palette
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(expected, await DecodeInBrowserAsync(png, width, height));
    }

    [Fact]
    public void Palette_png_rejects_pixels_that_do_not_fit_the_size()
    {
        var error = Assert.Throws<ArgumentException>(() => PalettePng.Encode(2, 2, new byte[15]));
        Assert.Equal("rgba", error.ParamName);
    }

    async Task<byte[]> DecodeInBrowserAsync(byte[] png, int width, int height)
    {
        await using var page = await browser.Chromium.NewPageAsync();
        return await Chromium.PixelsAsync(page, "data:image/png;base64," + Convert.ToBase64String(png), width, height);
    }
}
