using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ColorCode;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace NirNet.NotebookRunner;

/// <summary>
/// The series as a static HTML book, made from executed notebooks: an index (the README's introduction and contents
/// table) and one page per chapter, with Markdown rendered by Markdig, C# highlighted by ColorCode, the outputs as the
/// kernel showed them, the charts drawn by one local copy of plotly.js and the formulas (TeX between <c>$</c> or
/// <c>$$</c>) turned into MathML by one local copy of KaTeX. It needs no network and no server: it opens from
/// <c>file://</c> and works as a static site.
/// </summary>
internal static partial class Book
{
    /// <summary>The book's front page.</summary>
    public const string IndexPage = "index.html";

    const string StyleSheet = "book.css";

    /// <summary>KaTeX's script in the book, and its licence beside it.</summary>
    public const string KatexJs = "katex.min.js";

    const string KatexLicence = "katex-LICENSE.txt";

    static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .UseAutoLinks()
        .UseMathematics()
        .Build();

    /// <summary>
    /// Writes the book into <paramref name="folder"/>: a page for each committed notebook, or for the executed copy that
    /// <paramref name="executed"/> gives for a chapter (file name without extension → executed .ipynb). Returns the pages'
    /// paths, index first.
    /// </summary>
    public static IReadOnlyList<string> Build(Repository repository, string folder, IReadOnlyDictionary<string, string>? executed = null)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, PlotlyJs.FileName), PlotlyJs.Source);
        File.WriteAllText(Path.Combine(folder, StyleSheet), Css);
        File.WriteAllText(Path.Combine(folder, KatexJs), Resource(KatexJs));
        File.WriteAllText(Path.Combine(folder, KatexLicence), Resource(KatexLicence));
        var pages = new List<string> { WriteIndex(repository, folder) };
        foreach (var source in repository.NotebookSources())
        {
            string name = Path.GetFileNameWithoutExtension(source);
            string notebook = executed?.GetValueOrDefault(name) ?? Path.ChangeExtension(source, ".ipynb");
            string page = Path.Combine(folder, name + ".html");
            File.WriteAllText(page, ChapterPage(notebook));
            pages.Add(page);
        }
        return pages;
    }

    static string Resource(string name)
    {
        using var stream = typeof(Book).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The notebook runner embeds no {name}; tools/NotebookRunner/katex/ must hold it.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The number of chart outputs in a notebook: the number of charts its page must draw.</summary>
    public static int ChartCount(string notebookPath) => Outputs(notebookPath).Count(o => Chart(o) is not null);

    static string WriteIndex(Repository repository, string folder)
    {
        var readme = File.ReadAllText(Path.Combine(repository.Root, "README.md")).ReplaceLineEndings("\n");
        int quickStart = readme.IndexOf("\n## Quick start", StringComparison.Ordinal);
        int contents = readme.IndexOf("\n## Contents", StringComparison.Ordinal);
        int afterContents = readme.IndexOf("\n## ", contents + 1, StringComparison.Ordinal);
        if (quickStart < 0 || contents < 0 || afterContents < 0)
            throw new InvalidOperationException("README.md must have the sections '## Quick start', '## Contents' and one after it: the book's index is made from them.");
        string text = readme[..quickStart] + readme[contents..afterContents]
            + "\nThis book was made from the notebooks as they were executed; the repository's README says how to run them.\n";
        foreach (var image in ImageLinks(text))
            File.Copy(Path.Combine(repository.Root, image), Path.Combine(folder, Path.GetFileName(image)), overwrite: true);
        string page = Path.Combine(folder, IndexPage);
        File.WriteAllText(page, Page("Neural networks for spectral data, in C#", RenderMarkdown(text), withCharts: false));
        return page;
    }

    static string ChapterPage(string notebookPath)
    {
        var body = new StringBuilder();
        string? title = null;
        foreach (var cell in Cells(notebookPath))
        {
            string source = Ipynb.JoinText(cell["source"]);
            if ((string?)cell["cell_type"] == "markdown")
            {
                title ??= source.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();
                body.Append("<section class=\"text\">").Append(RenderMarkdown(source)).AppendLine("</section>");
                continue;
            }
            body.Append("<section class=\"code\">")
                .Append(new ColorCode.HtmlClassFormatter().GetHtmlString(source.TrimEnd(), Languages.CSharp));
            foreach (var output in cell["outputs"]?.AsArray().OfType<JsonObject>() ?? [])
                body.Append(RenderOutput(output));
            body.AppendLine("</section>");
        }
        return Page(title ?? Path.GetFileNameWithoutExtension(notebookPath), body.ToString(), withCharts: true);
    }

    static string RenderOutput(JsonObject output)
    {
        string type = (string?)output["output_type"] ?? "";
        if (type == "error")
            return $"<pre class=\"error\">{WebUtility.HtmlEncode($"{output["ename"]}: {output["evalue"]}")}</pre>";
        if (type == "stream")
            return $"<pre class=\"output\">{WebUtility.HtmlEncode(Ipynb.JoinText(output["text"]))}</pre>";
        if (Chart(output) is { } chart)
            return $"<div class=\"output chart\" id=\"{chart.DivId}\"></div><script>Plotly.newPlot('{chart.DivId}', "
                + $"{chart.Data.ToJsonString()}, {chart.Layout.ToJsonString()}, {chart.Config.ToJsonString()});</script>";
        if (output["data"] is not JsonObject data)
            return "";
        if (data["text/html"] is { } html)
            return $"<div class=\"output\">{Ipynb.JoinText(html)}</div>";
        if (data["image/png"] is { } png)
            return $"<div class=\"output\"><img src=\"data:image/png;base64,{Ipynb.JoinText(png)}\" alt=\"output\"></div>";
        return data["text/plain"] is { } text ? $"<pre class=\"output\">{WebUtility.HtmlEncode(Ipynb.JoinText(text))}</pre>" : "";
    }

    static PlotlyChart? Chart(JsonObject output) =>
        output["data"]?["text/html"] is { } html ? PlotlyChart.TryParse(Ipynb.JoinText(html)) : null;

    static IEnumerable<JsonObject> Cells(string notebookPath) =>
        JsonNode.Parse(File.ReadAllText(notebookPath))!["cells"]!.AsArray().OfType<JsonObject>();

    static IEnumerable<JsonObject> Outputs(string notebookPath) =>
        Cells(notebookPath).SelectMany(c => c["outputs"]?.AsArray().OfType<JsonObject>() ?? []);

    /// <summary>Markdown to HTML, with links between notebooks and to the README turned into links between pages.</summary>
    static string RenderMarkdown(string markdown)
    {
        var document = Markdig.Markdown.Parse(JoinDisplayFormulas(markdown), Markdown);
        foreach (var link in document.Descendants<LinkInline>())
            link.Url = BookLink(link.Url);
        return document.ToHtml(Markdown);
    }

    /// <summary>
    /// A <c>$$…$$</c> formula written over several lines (no blank line inside) on one line: Markdig reads a formula only
    /// within a line, and would otherwise show it raw and read its <c>\,</c> as an escaped comma.
    /// </summary>
    public static string JoinDisplayFormulas(string markdown) =>
        MultiLineDisplayFormula().Replace(markdown, m => m.Value.ReplaceLineEndings(" "));

    [GeneratedRegex(@"\$\$(?:(?!\n[ \t]*\n)[^$])+\$\$")]
    private static partial Regex MultiLineDisplayFormula();

    /// <summary>
    /// Where a link of a notebook or of the README points in the book: a notebook (<c>02-x.ipynb</c>, also as
    /// <c>notebooks/02-x.ipynb</c>) to its page, the README to the index, an image to its copy beside the pages.
    /// </summary>
    public static string? BookLink(string? url)
    {
        if (url is null || url.Contains("://", StringComparison.Ordinal) || url.StartsWith('#'))
            return url;
        int hash = url.IndexOf('#');
        string path = hash < 0 ? url : url[..hash], fragment = hash < 0 ? "" : url[hash..];
        string file = Path.GetFileName(path);
        if (file.EndsWith(".ipynb", StringComparison.Ordinal))
            return Path.ChangeExtension(file, ".html") + fragment;
        if (file == "README.md" && (path == "README.md" || path == "../README.md"))
            return IndexPage + fragment;
        return file.EndsWith(".png", StringComparison.Ordinal) ? file : url;
    }

    static IEnumerable<string> ImageLinks(string markdown) =>
        Markdig.Markdown.Parse(markdown, Markdown).Descendants<LinkInline>()
            .Where(l => l.IsImage && l.Url is { } url && !url.Contains("://", StringComparison.Ordinal))
            .Select(l => l.Url!);

    /// <summary>Whether a page's body holds a formula Markdig marked (it then loads KaTeX).</summary>
    static bool HasFormulas(string body) =>
        body.Contains("<span class=\"math\">", StringComparison.Ordinal) || body.Contains("<div class=\"math\">", StringComparison.Ordinal);

    static string Page(string title, string body, bool withCharts) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title)}</title>
        <link rel="stylesheet" href="{StyleSheet}">
        {(withCharts ? $"<script src=\"{PlotlyJs.FileName}\"></script>" : "")}
        {(HasFormulas(body) ? $"<script src=\"{KatexJs}\"></script>" : "")}
        </head>
        <body>
        <main>
        {body}
        </main>
        {(HasFormulas(body) ? $"<script>{TypesetScript}</script>" : "")}
        </body>
        </html>

        """;

    /// <summary>
    /// Draws every formula Markdig marked (<c>span.math</c> holds <c>\(…\)</c>, <c>div.math</c> holds <c>\[…\]</c>) as
    /// MathML, as a display formula when it stands alone in its paragraph, which the browser draws without fonts or style sheets of KaTeX's; a formula KaTeX cannot read is reported
    /// on the console with its TeX and left as it was.
    /// </summary>
    const string TypesetScript = """
        const display = element => element.tagName === 'DIV'
          || (element.parentElement.tagName === 'P' && element.parentElement.childNodes.length === 1);
        for (const element of document.querySelectorAll('.math')) {
          const tex = element.textContent.trim().replace(/^\\[([]/, '').replace(/\\[)\]]$/, '');
          try { katex.render(tex, element, { displayMode: display(element), output: 'mathml', throwOnError: true }); }
          catch (error) { console.error(`formula not typeset: ${tex}: ${error.message}`); }
        }
        """;

    static readonly string Css = """
        body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #fff; }
        main { max-width: 960px; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
        h1, h2, h3 { line-height: 1.25; }
        a { color: #0969da; }
        table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
        th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
        code { font: 0.88em ui-monospace, "DejaVu Sans Mono", monospace; background: #f6f8fa; padding: 0.1em 0.3em; border-radius: 4px; }
        section.code > div > pre { font: 0.85rem/1.45 ui-monospace, "DejaVu Sans Mono", monospace; background: #f6f8fa;
            border: 1px solid #d0d7de; border-radius: 6px; padding: 0.7rem 0.9rem; overflow-x: auto; margin: 1rem 0 0.4rem; }
        pre.output, pre.error { font: 0.82rem/1.4 ui-monospace, "DejaVu Sans Mono", monospace; margin: 0.3rem 0 1rem;
            padding: 0.4rem 0.9rem; border-left: 3px solid #d0d7de; white-space: pre-wrap; }
        pre.error { border-left-color: #cf222e; color: #cf222e; }
        div.output { overflow-x: auto; margin: 0.3rem 0 1rem; }
        img { max-width: 100%; height: auto; }

        """ + new ColorCode.HtmlClassFormatter().GetCSSString();
}
