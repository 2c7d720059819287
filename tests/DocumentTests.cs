using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace NirNet.Tests;

/// <summary>
/// The documents a reader follows — the README, CONTRIBUTING.md, docs/ and the chapters' text — agree with each other:
/// one source for each chapter's run time, links that resolve, no reference to this project's issue tracker, and a
/// README short enough for a newcomer.
/// </summary>
public sealed partial class DocumentTests
{
    static string Root => Notebooks.Repository.Root;

    /// <summary>The Markdown documents, relative to the repository root: the README, CONTRIBUTING.md, the data's and the
    /// vendored KaTeX's notes, and docs/.</summary>
    public static TheoryData<string> Documents() => new(MarkdownDocuments());

    static IEnumerable<string> MarkdownDocuments() =>
        new[] { "README.md", "CONTRIBUTING.md", "data/README.md", "tools/NotebookRunner/katex/README.md" }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal)
                .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/')));

    /// <summary>The documents that must not name an issue number: the Markdown documents and the chapters' sources.</summary>
    public static TheoryData<string> DocumentsAndChapters() =>
        new(MarkdownDocuments().Concat(Notebooks.Names.Select(n => "notebooks/" + n)));

    public static TheoryData<string> Chapters => new(Notebooks.Names);

    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .Build();

    [Fact]
    public void Readme_is_at_most_about_two_hundred_lines()
    {
        int lines = File.ReadAllLines(Path.Combine(Root, "README.md")).Length;

        Assert.True(lines <= 200, $"README.md has {lines} lines; a newcomer's README stays within about 200 (move records to docs/, contributing to CONTRIBUTING.md).");
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public void Chapter_run_time_equals_the_readme_contents_table(string name)
    {
        string chapter = ChapterRunTime(File.ReadAllText(Notebooks.Source(name)))
            ?? throw new Xunit.Sdk.XunitException($"{name} has no line \"**Run time:** about N seconds\" (or \"about a minute\", \"about N minutes\").");
        string readme = ReadmeRunTime(Path.ChangeExtension(name, ".ipynb"))
            ?? throw new Xunit.Sdk.XunitException($"README.md's contents table has no row linking notebooks/{Path.ChangeExtension(name, ".ipynb")} with a run time in its last column.");

        Assert.True(Seconds(chapter) == Seconds(readme),
            $"{name} says its run time is \"{chapter}\", README.md's contents table says \"{readme}\"; make them agree.");
    }

    [Theory]
    [InlineData("about 45 seconds", 45)]
    [InlineData("about a minute", 60)]
    [InlineData("about 2 minutes", 120)]
    public void Run_times_are_read_in_seconds(string time, int seconds) => Assert.Equal(seconds, Seconds(time));

    [Theory]
    [InlineData("just under a minute")]
    [InlineData("45 s")]
    [InlineData("about 45")]
    public void A_run_time_in_another_form_is_refused(string time) =>
        Assert.Throws<FormatException>(() => Seconds(time));

    [Fact]
    public void Run_time_line_is_found_in_a_chapter_and_in_the_table()
    {
        Assert.Equal("about a minute", ChapterRunTime("intro\n\n**Run time:** about a minute on a 2-core laptop (24 networks).\n"));
        Assert.Null(ChapterRunTime("**Run time:** just under a minute."));
        Assert.Equal("about 10 seconds", LastCell("| 01 | [A](notebooks/01-a.ipynb) | what | about 10 seconds |"));
    }

    /// <summary>The run time a chapter states in its <c>**Run time:**</c> line, as "about …", or null.</summary>
    static string? ChapterRunTime(string source) =>
        RunTimeLine().Match(source) is { Success: true } match ? match.Groups["time"].Value : null;

    /// <summary>The last column of the README's contents-table row that links <paramref name="notebook"/>, or null.</summary>
    static string? ReadmeRunTime(string notebook) =>
        File.ReadLines(Path.Combine(Root, "README.md"))
            .Where(l => l.StartsWith('|') && l.Contains($"(notebooks/{notebook})", StringComparison.Ordinal))
            .Select(LastCell).FirstOrDefault();

    static string LastCell(string row) => row.Trim().TrimEnd('|').Split('|')[^1].Trim();

    /// <summary>"about N seconds", "about a minute" or "about N minutes", in seconds.</summary>
    static int Seconds(string time)
    {
        var match = RunTime().Match(time);
        if (!match.Success || match.Length != time.Length)
            throw new FormatException($"Run time \"{time}\" is not of the form \"about N seconds\", \"about a minute\" or \"about N minutes\".");
        if (match.Groups["minute"].Success) return 60;
        int count = int.Parse(match.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value == "minutes" ? 60 * count : count;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_of_a_document_resolves(string document)
    {
        string path = Path.Combine(Root, document);
        var broken = new List<string>();
        foreach (var url in Links(File.ReadAllText(path)))
        {
            if (url.Contains("://", StringComparison.Ordinal) || url.StartsWith("mailto:", StringComparison.Ordinal))
                continue;
            int hash = url.IndexOf('#');
            string file = hash < 0 ? url : url[..hash], anchor = hash < 0 ? "" : Uri.UnescapeDataString(url[(hash + 1)..]);
            string target = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(target) && !Directory.Exists(target))
                broken.Add($"{url}: {Path.GetRelativePath(Root, target)} does not exist");
            else if (anchor.Length > 0 && target.EndsWith(".md", StringComparison.Ordinal) && !HeadingIds(File.ReadAllText(target)).Contains(anchor))
                broken.Add($"{url}: {Path.GetRelativePath(Root, target)} has no heading with the id \"{anchor}\"");
        }

        Assert.True(broken.Count == 0, $"{document} has links that do not resolve:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Link_check_sees_links_images_and_headings()
    {
        var links = Links("See [a](docs/a.md#the-heading), ![b](docs/b.png) and <https://example.org>.\n\n[c]: c.md\n\nUse [c].").ToList();

        Assert.Equal(["docs/a.md#the-heading", "docs/b.png", "c.md", "https://example.org"], links);
        Assert.Equal(["the-heading", "nirnetdll-not-found", "torchsharps-native-library"],
            HeadingIds("# The heading\n\n## `NirNet.dll` not found\n\n## TorchSharp's native library\n"));
    }

    /// <summary>Every link and image target of a Markdown text, in order.</summary>
    static IEnumerable<string> Links(string markdown) =>
        Markdown.Parse(markdown, Pipeline).Descendants<LinkInline>()
            .Select(l => l.Reference?.Url ?? l.Url).OfType<string>()
            .Concat(Markdown.Parse(markdown, Pipeline).Descendants<AutolinkInline>().Select(l => l.Url))
            .Where(u => u.Length > 0);

    /// <summary>The ids GitHub gives the headings of a Markdown text.</summary>
    static List<string> HeadingIds(string markdown) =>
        Markdown.Parse(markdown, Pipeline).Descendants<HeadingBlock>()
            .Select(h => h.GetAttributes().Id).OfType<string>().ToList();

    [Theory]
    [MemberData(nameof(DocumentsAndChapters))]
    public void No_document_names_an_issue_of_this_project(string document)
    {
        string text = File.ReadAllText(Path.Combine(Root, document));
        if (document.EndsWith(".dib", StringComparison.Ordinal))
            text = MarkdownCells(text);
        var found = IssueReferences(text).ToList();

        Assert.True(found.Count == 0, $"{document} names issues of the project's tracker: " + string.Join(", ", found)
            + ". Say what the text means, not where it was discussed; another project's issue is written owner/name#N.");
    }

    [Theory]
    [InlineData("the second round (issue 16) aimed", "issue 16")]
    [InlineData("see Issues 3 and 4", "Issues 3")]
    [InlineData("fixed in #16.", "#16")]
    [InlineData("(PR #7)", "PR #7")]
    public void An_issue_number_is_found(string text, string reference) => Assert.Equal([reference], IssueReferences(text));

    [Theory]
    [InlineData("known to fail ([dotnet/TorchSharp#1567](https://github.com/dotnet/TorchSharp/issues/1567))")]
    [InlineData("jsboige/CoursIA#6927 and jsboige/CoursIA#6954")]
    [InlineData("[Contents](../README.md#contents) and color: #1f77b4")]
    public void Another_projects_issue_or_an_anchor_is_not_an_issue_number(string text) => Assert.Empty(IssueReferences(text));

    [Fact]
    public void Only_the_markdown_cells_of_a_chapter_are_read_for_issue_numbers()
    {
        string cells = MarkdownCells("#!meta\n\n{}\n\n#!markdown\n\nSee issue 5.\n\n#!csharp\n\nvar colour = \"#123456\";\n");

        Assert.Contains("See issue 5.", cells);
        Assert.DoesNotContain("#123456", cells);
        Assert.Equal(["issue 5"], IssueReferences(cells));
    }

    static IEnumerable<string> IssueReferences(string text) =>
        IssueReference().Matches(text).Select(m => m.Value.Trim());

    /// <summary>The markdown cells of a .dib source, joined.</summary>
    static string MarkdownCells(string dib) =>
        string.Join("\n", CellMarker().Split(dib.ReplaceLineEndings("\n")).Skip(1).Chunk(2)
            .Where(pair => pair[0] == "markdown").Select(pair => pair.Length > 1 ? pair[1] : ""));

    [GeneratedRegex(@"\*\*Run time:\*\*\s+(?<time>about (?:a minute|\d+ (?:seconds|minutes)))\b")]
    private static partial Regex RunTimeLine();

    [GeneratedRegex(@"about (?:(?<minute>a minute)|(?<count>\d+) (?<unit>seconds|minutes))")]
    private static partial Regex RunTime();

    /// <summary>"issue 16", "issues 3", "PR #7", "pull request 5", or a bare "#16" that no owner/name precedes.</summary>
    [GeneratedRegex(@"\b(?:issues?|pull requests?|PRs?)\s+#?\d+\b|(?<![\w/.#&-])#\d+\b", RegexOptions.IgnoreCase)]
    private static partial Regex IssueReference();

    [GeneratedRegex(@"^#!(\w+)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex CellMarker();
}
