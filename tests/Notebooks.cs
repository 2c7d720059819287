using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>Executes each notebook once per test run, in the real kernel, and shares the result between the tests that inspect it.</summary>
internal static partial class Notebooks
{
    static readonly ConcurrentDictionary<string, Lazy<Task<ExecutedNotebook>>> Runs = new();

    public static Repository Repository { get; } = Repository.Find(AppContext.BaseDirectory);

    public static IEnumerable<string> Names => Repository.NotebookSources().Select(Path.GetFileName)!;

    public static string Source(string name) => Path.Combine(Repository.Notebooks, name);

    public static Task<ExecutedNotebook> ExecuteAsync(string name) =>
        Runs.GetOrAdd(name, n => new Lazy<Task<ExecutedNotebook>>(() =>
            new NotebookExecutor(Repository).ExecuteAsync(Source(n), Path.Combine(Repository.Artifacts, "test-executed")))).Value;

    /// <summary>Executes the notebook and fails with the runner's report (failing cells' source and error) when a cell failed.</summary>
    public static async Task<ExecutedNotebook> ExecuteWithoutErrorsAsync(string name)
    {
        var executed = await ExecuteAsync(name);
        Assert.True(executed.Succeeded, executed.Report());
        return executed;
    }

    /// <summary>
    /// Writes a notebook for a test into <c>artifacts/<paramref name="folderName"/>/</c>: inside the repository, where the tool
    /// manifest that provides dotnet-repl is found.
    /// </summary>
    public static string WriteTestNotebook(string folderName, string fileName, string contents)
    {
        string folder = Path.Combine(Repository.Artifacts, folderName);
        Directory.CreateDirectory(folder);
        string notebook = Path.Combine(folder, fileName);
        File.WriteAllText(notebook, contents);
        return notebook;
    }

    /// <summary>The first executed code cell whose source contains <paramref name="marker"/>.</summary>
    public static ExecutedCell CellContaining(this ExecutedNotebook notebook, string marker) =>
        notebook.CodeCells.FirstOrDefault(c => c.Source.Contains(marker, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"{Path.GetFileName(notebook.Source)} has no code cell containing \"{marker}\".");

    /// <summary>The claims a notebook's outputs show (<c>Claim.Check</c>), by id.</summary>
    public static IReadOnlyDictionary<string, ShownClaim> Claims(this ExecutedNotebook notebook) =>
        notebook.CodeCells.SelectMany(c => c.Outputs)
            .SelectMany(o => o.Data.TryGetValue("text/html", out var html) ? ShownClaimPattern().Matches(html) : Enumerable.Empty<Match>())
            .Select(m => new ShownClaim(m.Groups[1].Value, OutputText.Decode(m.Groups[2].Value), OutputText.Decode(m.Groups[3].Value)))
            .ToDictionary(c => c.Id);

    /// <summary>The claim shown with <paramref name="id"/>: it held when the notebook ran, or the notebook would have failed.</summary>
    public static ShownClaim Claim(this ExecutedNotebook notebook, string id) =>
        notebook.Claims().TryGetValue(id, out var claim) ? claim
            : throw new Xunit.Sdk.XunitException($"{Path.GetFileName(notebook.Source)} shows no claim with id \"{id}\".");

    /// <summary>Fails unless the notebook shows a claim with each of <paramref name="ids"/> (each held, or the notebook would have failed).</summary>
    public static void ShowsClaims(this ExecutedNotebook notebook, params string[] ids)
    {
        var shown = notebook.Claims();
        var missing = ids.Where(id => !shown.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{Path.GetFileName(notebook.Source)} shows no claim with id {string.Join(", ", missing)}.");
    }

    /// <summary>The ids of the claims a notebook's source checks, in order.</summary>
    public static IReadOnlyList<string> ClaimIdsInSource(this ExecutedNotebook notebook) =>
        notebook.CodeCells.SelectMany(c => ClaimCallPattern().Matches(c.Source)).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("<div class=\"claim\" data-claim=\"([^\"]+)\">✔ (.*?) <span style=\"color:gray\">\\((.*?)\\)</span></div>", RegexOptions.Singleline)]
    private static partial Regex ShownClaimPattern();

    [GeneratedRegex("Claim\\.Check\\(\\s*\"([^\"]*)\"")]
    private static partial Regex ClaimCallPattern();
}

/// <summary>A claim as a notebook showed it.</summary>
internal sealed record ShownClaim(string Id, string Statement, string Evidence);
