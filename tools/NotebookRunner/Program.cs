using NirNet.NotebookRunner;

// Usage: dotnet run --project tools/NotebookRunner -c Release [-- [--update | --open | --book] [--timeout MINUTES] [name …]]
//   Executes the notebooks (all, or those whose file name contains a given name) in the real kernel and writes the
//   executed copies under artifacts/executed/ (with each kernel's log in NAME.log/). With --update it also regenerates the
//   committed .ipynb beside each .dib (with an image of every chart, drawn by headless Chromium). With --open it also
//   writes their pages into the HTML book, artifacts/book/, and opens the first in the browser. --book builds the book
//   from the committed notebooks and runs nothing. --timeout sets how long one notebook may run (default: the
//   environment variable NIRNET_NOTEBOOK_TIMEOUT, in minutes, else 10); a notebook stopped at the limit is reported with
//   the cell that was running and its output so far.
const string usage = "usage: dotnet run --project tools/NotebookRunner -c Release [-- [--update | --open | --book] [--timeout MINUTES] [name …]]";
bool update = false, open = false, bookOnly = false;
TimeSpan? timeout = null;
var names = new List<string>();
try
{
    for (int i = 0; i < args.Length; i++)
    {
        if (args[i] == "--update")
            update = true;
        else if (args[i] == "--open")
            open = true;
        else if (args[i] == "--book")
            bookOnly = true;
        else if (args[i] == "--timeout")
            timeout = NotebookExecutor.ParseMinutes(i + 1 < args.Length ? args[++i] : "", "--timeout");
        else if (args[i].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"unknown option {args[i]}.");
        else
            names.Add(args[i]);
    }
    timeout ??= NotebookExecutor.DefaultTimeout();
    if ((update ? 1 : 0) + (open ? 1 : 0) + (bookOnly ? 1 : 0) > 1)
        throw new ArgumentException("--update, --open and --book are alternatives: give one.");
    if (bookOnly && names.Count > 0)
        throw new ArgumentException("--book builds the whole book from the committed notebooks and takes no notebook names.");
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}\n{usage}");
    return 2;
}
var repository = Repository.Find();
string bookFolder = Path.Combine(repository.Artifacts, "book");
if (bookOnly)
{
    Book.Build(repository, bookFolder);
    Console.WriteLine($"book: {new Uri(Path.Combine(bookFolder, Book.IndexPage)).AbsoluteUri}");
    return 0;
}
var notebooks = repository.NotebookSources()
    .Where(n => names.Count == 0 || names.Any(name => Path.GetFileName(n).Contains(name, StringComparison.OrdinalIgnoreCase)))
    .ToList();
if (notebooks.Count == 0)
{
    Console.Error.WriteLine($"No notebook matches {string.Join(", ", names)} in {repository.Notebooks}.");
    return 1;
}

var executor = new NotebookExecutor(repository) { Timeout = timeout.Value };
await using var chromium = update ? await Chromium.StartAsync() : null;
string outputFolder = Path.Combine(repository.Artifacts, "executed");
int failed = 0;
var executedPages = new Dictionary<string, string>();
foreach (var notebook in notebooks)
{
    var executed = await executor.ExecuteAsync(notebook, outputFolder);
    Console.WriteLine(executed.Report());
    if (File.Exists(executed.ExecutedPath))
        executedPages[Path.GetFileNameWithoutExtension(notebook)] = executed.ExecutedPath;
    if (!executed.Succeeded)
        failed++;
    else if (update)
        Console.WriteLine($"      regenerated {Path.GetRelativePath(repository.Root, await CommittedNotebook.WriteAsync(executed, chromium!))}");
}
Console.WriteLine($"notebooks: {notebooks.Count - failed} executed without errors, {failed} failed");
if (open && executedPages.Count > 0)
{
    var pages = Book.Build(repository, bookFolder, executedPages);
    string first = pages.First(p => Path.GetFileNameWithoutExtension(p) == executedPages.Keys.First());
    string url = new Uri(first).AbsoluteUri;
    Console.WriteLine($"book: {url} (the other chapters' pages are made from the committed notebooks)");
    try
    {
        using var browser = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(url) { UseShellExecute = true });
    }
    catch (System.ComponentModel.Win32Exception)
    {
        Console.WriteLine("      no browser to open it with here: open the address above.");
    }
}
return failed == 0 ? 0 : 1;
