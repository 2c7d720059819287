using System.Text.RegularExpressions;
using System.Xml.Linq;
using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>The notebooks, their generated copies, their links and the README stay consistent with each other and with the pins.</summary>
public sealed partial class RepositoryTests
{
    static Repository Repository => Notebooks.Repository;

    public static TheoryData<string> AllNotebooks => new(Notebooks.Names);

    internal static Dictionary<string, string> Pins() =>
        XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public void Package_references_in_a_notebook_equal_the_central_pins(string name)
    {
        var pins = Pins();
        var references = NugetReference().Matches(File.ReadAllText(Notebooks.Source(name)));

        Assert.NotEmpty(references);
        foreach (Match reference in references)
        {
            string package = reference.Groups["name"].Value, version = reference.Groups["version"].Value;
            Assert.True(pins.TryGetValue(package, out var pinned), $"{name} references {package}, which Directory.Packages.props does not pin.");
            Assert.True(pinned == version, $"{name} references {package} {version}, but Directory.Packages.props pins {pinned}.");
        }
    }

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public void Every_chapter_opens_with_the_same_setup_cell(string name)
    {
        string setupCell = SetupCell("00-setup.dib");

        Assert.Equal(setupCell, SetupCell(name));
    }

    // The set-up cell is the first that calls Setup.Initialize; chapter 0 calls it once more to show the native report.
    static string SetupCell(string name) =>
        File.ReadAllText(Notebooks.Source(name)).Split("#!").First(cell => cell.Contains("Setup.Initialize(", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public void Every_chapter_builds_the_library_in_its_first_code_cell_before_the_setup_cell(string name)
    {
        var cells = Cells(name);
        var code = cells.Where(c => c.Kind == "csharp").ToList();
        int setup = code.FindIndex(c => c.Contents.Contains("Setup.Initialize(", StringComparison.Ordinal));

        Assert.True(setup == 1, $"{name}: the set-up cell must be the second code cell, right after the build cell.");
        Assert.Equal(Cells("00-setup.dib").First(c => c.Kind == "csharp").Contents, code[0].Contents);
        Assert.Contains("#load \"library-build.csx\"", code[0].Contents);
        Assert.Contains("LibraryBuild.Run();", code[0].Contents);
        int setupCell = cells.IndexOf(code[1]);
        Assert.True(cells[setupCell - 1].Kind == "markdown", $"{name}: a line of text must say what the set-up cell does.");
        Assert.True(File.Exists(Path.Combine(Repository.Notebooks, "library-build.csx")));
    }

    /// <summary>The cells of a .dib in order: their kind (<c>csharp</c>, <c>markdown</c>, <c>meta</c>) and trimmed contents.</summary>
    static List<(string Kind, string Contents)> Cells(string name) =>
        CellMarker().Split(File.ReadAllText(Notebooks.Source(name)).ReplaceLineEndings("\n"))
            .Skip(1).Chunk(2).Select(pair => (pair[0], pair[1].Trim())).ToList();

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public void Committed_ipynb_has_the_same_cells_as_its_dib_source(string name)
    {
        var differences = CommittedNotebook.CellDifferences(Notebooks.Source(name));

        Assert.True(differences.Count == 0,
            $"{name} and its .ipynb differ; regenerate with `dotnet run --project tools/NotebookRunner -c Release -- --update {name}`:\n" + string.Join("\n", differences));
    }

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public void Navigation_links_at_top_and_bottom_point_to_the_neighbouring_chapters(string name)
    {
        var names = Notebooks.Names.ToList();
        int index = names.IndexOf(name);
        string[] lines = File.ReadAllLines(Notebooks.Source(name));
        int first = Array.FindIndex(lines, l => l.Contains("[Contents]", StringComparison.Ordinal));
        int last = Array.FindLastIndex(lines, l => l.Contains("[Contents]", StringComparison.Ordinal));
        Assert.True(first >= 0 && first < last - 1, $"{name} needs navigation links at the top and at the bottom.");
        string top = Paragraph(lines, first), bottom = Paragraph(lines, last);
        Assert.Equal(top, bottom);
        string? previous = index > 0 ? Path.ChangeExtension(names[index - 1], ".ipynb") : null;
        string? next = index < names.Count - 1 ? Path.ChangeExtension(names[index + 1], ".ipynb") : null;
        if (previous is not null) Assert.Contains($"({previous})", top);
        if (next is not null) Assert.Contains($"({next})", top);
        Assert.Contains("(../README.md#contents)", top);
    }

    /// <summary>The markdown paragraph (run of non-blank lines) around line <paramref name="at"/>, joined with spaces.</summary>
    static string Paragraph(string[] lines, int at)
    {
        int start = at, end = at;
        while (start > 0 && lines[start - 1].Trim().Length > 0 && !lines[start - 1].StartsWith("#!", StringComparison.Ordinal)) start--;
        while (end < lines.Length - 1 && lines[end + 1].Trim().Length > 0 && !lines[end + 1].StartsWith("#!", StringComparison.Ordinal)) end++;
        return string.Join(" ", lines[start..(end + 1)].Select(l => l.Trim()));
    }

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public void No_notebook_line_is_longer_than_120_characters(string name)
    {
        var longLines = File.ReadAllLines(Notebooks.Source(name))
            .Select((line, i) => (Number: i + 1, line.Length))
            .Where(l => l.Length > 120)
            .Select(l => $"line {l.Number}: {l.Length} characters")
            .ToList();

        Assert.True(longLines.Count == 0, $"{name}: " + string.Join("; ", longLines));
    }

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public void Every_relative_link_in_a_notebook_resolves(string name)
    {
        foreach (Match link in MarkdownLink().Matches(File.ReadAllText(Notebooks.Source(name))))
        {
            string target = link.Groups["target"].Value.Split('#')[0];
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal)) continue;
            Assert.True(File.Exists(Path.Combine(Repository.Notebooks, target)), $"{name} links to {target}, which does not exist.");
        }
    }

    [Fact]
    public void Readme_contents_table_lists_every_notebook_in_order()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var listed = ReadmeNotebookLink().Matches(readme).Select(m => m.Groups["file"].Value).Distinct().ToList();

        Assert.Equal(Notebooks.Names.Select(n => Path.ChangeExtension(n, ".ipynb")), listed);
    }

    [Fact]
    public void Tool_manifest_pins_dotnet_repl()
    {
        string manifest = File.ReadAllText(Path.Combine(Repository.Root, "dotnet-tools.json"));

        Assert.Contains("\"dotnet-repl\"", manifest);
        Assert.Contains("\"version\": \"0.3.259\"", manifest);
    }

    [GeneratedRegex(@"^#!(\w+)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex CellMarker();

    [GeneratedRegex("#r\\s+\"nuget:\\s*(?<name>[^,\"]+),\\s*(?<version>[^\"]+)\"")]
    private static partial Regex NugetReference();

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\(notebooks/(?<file>\d\d-[a-z0-9-]+\.ipynb)\)")]
    private static partial Regex ReadmeNotebookLink();
}
