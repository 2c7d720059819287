using NirNet.NotebookRunner;

// Usage: dotnet run --project tools/NotebookRunner -c Release [-- [--update] [name …]]
//   Executes the notebooks (all, or those whose file name contains a given name) in the real kernel and writes the
//   executed copies under artifacts/executed/. With --update it also regenerates the committed .ipynb beside each .dib.
bool update = args.Contains("--update");
var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
var repository = Repository.Find();
var notebooks = repository.NotebookSources()
    .Where(n => names.Count == 0 || names.Any(name => Path.GetFileName(n).Contains(name, StringComparison.OrdinalIgnoreCase)))
    .ToList();
if (notebooks.Count == 0)
{
    Console.Error.WriteLine($"No notebook matches {string.Join(", ", names)} in {repository.Notebooks}.");
    return 1;
}

var executor = new NotebookExecutor(repository);
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
