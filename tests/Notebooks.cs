using System.Collections.Concurrent;
using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>Executes each notebook once per test run, in the real kernel, and shares the result between the tests that inspect it.</summary>
internal static class Notebooks
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
}
