using NirNet.NotebookRunner;

// Usage: dotnet run --project tools/NotebookRunner -c Release [-- [--update] [--timeout MINUTES] [name …]]
//   Executes the notebooks (all, or those whose file name contains a given name) in the real kernel and writes the
//   executed copies under artifacts/executed/ (with each kernel's log in NAME.log/). With --update it also regenerates the
//   committed .ipynb beside each .dib. --timeout sets how long one notebook may run (default: the environment variable
//   NIRNET_NOTEBOOK_TIMEOUT, in minutes, else 10); a notebook stopped at the limit is reported with the cell that was
//   running and its output so far.
const string usage = "usage: dotnet run --project tools/NotebookRunner -c Release [-- [--update] [--timeout MINUTES] [name …]]";
bool update = false;
TimeSpan? timeout = null;
var names = new List<string>();
try
{
    for (int i = 0; i < args.Length; i++)
    {
        if (args[i] == "--update")
            update = true;
        else if (args[i] == "--timeout")
            timeout = NotebookExecutor.ParseMinutes(i + 1 < args.Length ? args[++i] : "", "--timeout");
        else if (args[i].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"unknown option {args[i]}.");
        else
            names.Add(args[i]);
    }
    timeout ??= NotebookExecutor.DefaultTimeout();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}\n{usage}");
    return 2;
}
var repository = Repository.Find();
var notebooks = repository.NotebookSources()
    .Where(n => names.Count == 0 || names.Any(name => Path.GetFileName(n).Contains(name, StringComparison.OrdinalIgnoreCase)))
    .ToList();
if (notebooks.Count == 0)
{
    Console.Error.WriteLine($"No notebook matches {string.Join(", ", names)} in {repository.Notebooks}.");
    return 1;
}

var executor = new NotebookExecutor(repository) { Timeout = timeout.Value };
string outputFolder = Path.Combine(repository.Artifacts, "executed");
int failed = 0;
foreach (var notebook in notebooks)
{
    var executed = await executor.ExecuteAsync(notebook, outputFolder);
    Console.WriteLine(executed.Report());
    if (!executed.Succeeded)
        failed++;
    else if (update)
        Console.WriteLine($"      regenerated {Path.GetRelativePath(repository.Root, CommittedNotebook.Write(executed))}");
}
Console.WriteLine($"notebooks: {notebooks.Count - failed} executed without errors, {failed} failed");
return failed == 0 ? 0 : 1;
