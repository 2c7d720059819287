using NirNet.NotebookRunner;
using PuppeteerSharp;

namespace NirNet.Tests;

/// <summary>
/// The offline HTML book (<c>dotnet run --project tools/NotebookRunner -c Release -- --book</c>), built from the committed
/// notebooks and opened page by page from <c>file://</c> in headless Chromium: no console errors, no request leaving
/// the disk, every chart drawn, every formula typeset, every link resolved.
/// </summary>
[Collection(nameof(Browser))]
public sealed partial class HtmlBookTests(BrowserFixture browser) : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-book-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string> Pages() => new(["index", .. Notebooks.Names.Select(Path.GetFileNameWithoutExtension)!]);

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_opens_offline_without_errors_and_draws_every_chart(string name)
    {
        Book.Build(Notebooks.Repository, folder);
        int charts = name == "index" ? 0 : Book.ChartCount(Path.Combine(Notebooks.Repository.Notebooks, name + ".ipynb"));
        var problems = new List<string>();
        await using var page = await browser.Chromium.NewPageAsync();
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) problems.Add($"console: {e.Message.Text}"); };
        page.PageError += (_, e) => problems.Add($"script error: {e.Message}");
        page.RequestFailed += (_, e) => problems.Add($"failed to load {e.Request.Url}");
        page.Request += (_, e) => { if (!e.Request.Url.StartsWith("file://", StringComparison.Ordinal) && !e.Request.Url.StartsWith("data:", StringComparison.Ordinal)) problems.Add($"network request {e.Request.Url}"); };

        await page.GoToAsync(new Uri(Path.Combine(folder, name + ".html")).AbsoluteUri, WaitUntilNavigation.Load);
        int drawn = await page.EvaluateExpressionAsync<int>(
            "[...document.querySelectorAll('div.chart')].filter(chart => chart.querySelector('.main-svg .trace')).length");

        Assert.Empty(problems);
        Assert.Equal(charts, drawn);
        if (name != "index")
            Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('section.code pre').length") > 0, "no code shown");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_formula_of_a_page_is_typeset_and_none_is_left_raw(string name)
    {
        Book.Build(Notebooks.Repository, folder);
        int formulas = name == "index" ? 0 : FormulasInMarkdown(Path.Combine(Notebooks.Repository.Notebooks, name + ".ipynb"));
        var problems = new List<string>();
        await using var page = await browser.Chromium.NewPageAsync();
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) problems.Add($"console: {e.Message.Text}"); };
        page.PageError += (_, e) => problems.Add($"script error: {e.Message}");

        await page.GoToAsync(new Uri(Path.Combine(folder, name + ".html")).AbsoluteUri, WaitUntilNavigation.Load);
        int drawn = await page.EvaluateExpressionAsync<int>(
            "[...document.querySelectorAll('main math')]"
            + ".filter(m => { const box = m.getBoundingClientRect(); return box.width > 0 && box.height > 0; }).length");
        string text = await page.EvaluateExpressionAsync<string>(
            "(s => (s.length ? s : [document.querySelector('main')]).map(e => e.innerText).join('\\n'))([...document.querySelectorAll('section.text')])");
        var raw = RawTex().Matches(text).Select(m => m.Value).ToList();

        Assert.Empty(problems);
        Assert.True(raw.Count == 0, $"{name}.html shows raw TeX: " + string.Join(" | ", raw.Take(5)));
        Assert.Equal(formulas, drawn);
    }

    [Fact]
    public void The_chapters_have_formulas_to_typeset() =>
        Assert.True(Notebooks.Names.Sum(n => FormulasInMarkdown(Path.Combine(Notebooks.Repository.Notebooks, Path.ChangeExtension(n, ".ipynb")))) >= 90,
            "the chapters' text should hold the formulas this test counts ($…$ and $$…$$ in markdown cells)");

    [Theory]
    [InlineData("$$a = b\ncd$$ and $x$", "$$a = b cd$$ and $x$")]
    [InlineData("$$a$$\n\n$$b$$", "$$a$$\n\n$$b$$")]
    [InlineData("$$a\n\nb$$", "$$a\n\nb$$")]
    public void A_display_formula_over_several_lines_is_joined_into_one(string markdown, string joined) =>
        Assert.Equal(joined, Book.JoinDisplayFormulas(markdown));

    /// <summary>The formulas of a notebook's text, counted in its markdown cells: <c>$$…$$</c> and <c>$…$</c>.</summary>
    static int FormulasInMarkdown(string notebookPath)
    {
        var cells = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(notebookPath))!["cells"]!.AsArray();
        return cells.Where(c => (string?)c!["cell_type"] == "markdown")
            .Sum(c => Formula().Count(string.Concat(c!["source"]!.AsArray().Select(l => (string?)l))));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\$.+?\$\$|\$[^$\n]+?\$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex Formula();

    /// <summary>TeX a reader should never see as text: a <c>$</c> delimiter, or the delimiters Markdig writes.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\$[^$\n]{0,40}|\\[(\[][^\n]{0,40}")]
    private static partial System.Text.RegularExpressions.Regex RawTex();

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_link_of_a_page_resolves(string name)
    {
        Book.Build(Notebooks.Repository, folder);
        await using var page = await browser.Chromium.NewPageAsync();
        await page.GoToAsync(new Uri(Path.Combine(folder, name + ".html")).AbsoluteUri, WaitUntilNavigation.Load);
        var links = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('a[href], img[src]')].map(e => e.href || e.src)");

        Assert.NotEmpty(links);
        foreach (var link in links.Where(l => l.StartsWith("file://", StringComparison.Ordinal)))
        {
            var uri = new Uri(link);
            Assert.True(File.Exists(uri.LocalPath), $"{name}.html links to {link}, which does not exist");
            if (uri.Fragment.Length > 1)
                Assert.Contains($"id=\"{Uri.UnescapeDataString(uri.Fragment[1..])}\"", File.ReadAllText(uri.LocalPath));
        }
        Assert.DoesNotContain(links, l => l.Contains(".ipynb", StringComparison.Ordinal) || l.EndsWith("README.md", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("02-activation-functions.ipynb", "02-activation-functions.html")]
    [InlineData("notebooks/00-setup.ipynb", "00-setup.html")]
    [InlineData("03-relu-vs-sigmoid.ipynb#section", "03-relu-vs-sigmoid.html#section")]
    [InlineData("../README.md#contents", "index.html#contents")]
    [InlineData("docs/relu-vs-sigmoid.png", "relu-vs-sigmoid.png")]
    [InlineData("https://example.org/a.ipynb", "https://example.org/a.ipynb")]
    [InlineData("#local", "#local")]
    public void Links_between_notebooks_become_links_between_pages(string link, string inBook) =>
        Assert.Equal(inBook, Book.BookLink(link));
}
