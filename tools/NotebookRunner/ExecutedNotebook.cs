using System.Text;
using System.Text.Json.Nodes;
using static System.FormattableString;

namespace NirNet.NotebookRunner;

/// <summary>One output of an executed cell: its kind and its data by MIME type (an error's text under <c>error</c>).</summary>
internal sealed record CellOutput(string OutputType, IReadOnlyDictionary<string, string> Data)
{
    public bool IsError => OutputType == "error";
    public string Text => string.Join("\n", Data.Values);
}

/// <summary>One executed cell.</summary>
internal sealed record ExecutedCell(int Number, string CellType, string Source, IReadOnlyList<CellOutput> Outputs)
{
    public IEnumerable<CellOutput> Errors => Outputs.Where(o => o.IsError);

    /// <summary>All text the cell showed (plain text and HTML), for assertions on what a reader sees.</summary>
    public string AllText => string.Join("\n", Outputs.Select(o => o.Text));
}

/// <summary>
/// The result of executing a notebook: the kernel's exit code (null when it ran past <see cref="Limit"/> and was stopped),
/// the cells with their outputs, and, when no executed notebook was written (a timeout, a crash), how far the kernel got.
/// </summary>
internal sealed record ExecutedNotebook(string Source, string ExecutedPath, int? ExitCode, TimeSpan Elapsed, TimeSpan Limit,
    IReadOnlyList<ExecutedCell> Cells, KernelProgress? Progress)
{
    public IReadOnlyList<ExecutedCell> FailedCells => Cells.Where(c => c.Errors.Any()).ToList();

    public bool Succeeded => ExitCode == 0 && FailedCells.Count == 0;

    public bool TimedOut => ExitCode is null;

    public IEnumerable<ExecutedCell> CodeCells => Cells.Where(c => c.CellType == "code");

    /// <summary>Reads the .ipynb that dotnet-repl wrote; without one, reads how far the kernel got from its log folder.</summary>
    public static ExecutedNotebook Read(string source, string executedPath, string logFolder, int? exitCode, TimeSpan elapsed, TimeSpan limit)
    {
        if (!File.Exists(executedPath))
            return new ExecutedNotebook(source, executedPath, exitCode, elapsed, limit, [], KernelProgress.Read(logFolder));
        var notebook = JsonNode.Parse(File.ReadAllText(executedPath))!;
        var cells = new List<ExecutedCell>();
        int number = 0;
        foreach (var cell in notebook["cells"]!.AsArray())
        {
            number++;
            var outputs = new List<CellOutput>();
            foreach (var output in cell!["outputs"]?.AsArray() ?? [])
            {
                string type = (string)output!["output_type"]!;
                var data = new Dictionary<string, string>();
                if (type == "error")
                    data["error"] = $"{output["ename"]}: {output["evalue"]}";
                else if (type == "stream")
                    data["text/plain"] = Ipynb.JoinText(output["text"]);
                else
                    foreach (var (mime, value) in output["data"]?.AsObject() ?? [])
                        data[mime] = Ipynb.JoinText(value);
                outputs.Add(new CellOutput(type, data));
            }
            cells.Add(new ExecutedCell(number, (string)cell["cell_type"]!, Ipynb.JoinText(cell["source"]), outputs));
        }
        return new ExecutedNotebook(source, executedPath, exitCode, elapsed, limit, cells, null);
    }

    /// <summary>A report a reader can act on: each failing cell's number, first source lines and error.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        string name = Path.GetFileName(Source);
        if (Succeeded)
        {
            text.Append(Invariant($"ok    {name}: {CodeCells.Count()} code cells in {Elapsed.TotalSeconds:F1} s -> {ExecutedPath}"));
            return text.ToString();
        }
        text.AppendLine(TimedOut
            ? Invariant($"FAIL  {name}: timed out, stopped at the limit of {Limit.TotalMinutes:0.##} min (--timeout or NIRNET_NOTEBOOK_TIMEOUT changes it), {Elapsed.TotalSeconds:F1} s")
            : Invariant($"FAIL  {name}: kernel exit code {ExitCode}, {FailedCells.Count} failing cell(s), {Elapsed.TotalSeconds:F1} s -> {ExecutedPath}"));
        if (Progress is not null)
            AppendProgress(text, Progress);
        foreach (var cell in FailedCells)
        {
            text.AppendLine($"  cell {cell.Number}:");
            AppendSource(text, cell.Source);
            foreach (var error in cell.Errors)
                text.AppendLine($"    error: {error.Text.Split('\n')[0]}");
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>How many of the running cell's last output lines a timeout or crash report shows.</summary>
    const int OutputLinesShown = 20;

    void AppendProgress(StringBuilder text, KernelProgress progress)
    {
        text.AppendLine("      no executed notebook was written; the kernel's log says:");
        if (progress.CellsStarted == 0)
        {
            text.AppendLine("      no cell was started (the kernel did not start, or did not get that far).");
            return;
        }
        var sources = CommittedNotebook.CellSources(Source);
        int cell = progress.CellsStarted;
        text.AppendLine(progress.CellsFinished < cell
            ? $"  cell {cell} of {sources.Count} was running ({progress.CellsFinished} finished before it):"
            : $"  all of the {cell} cells started had finished; cell {cell} was the last:");
        if (cell <= sources.Count)
            AppendSource(text, sources[cell - 1]);
        var lines = progress.LastCellOutput.Select(o => o.TrimEnd()).ToList();
        text.AppendLine(lines.Count == 0
            ? "    its output so far: none"
            : $"    its output so far{(lines.Count > OutputLinesShown ? $" (last {OutputLinesShown} of {lines.Count} lines)" : "")}:");
        foreach (var line in lines.TakeLast(OutputLinesShown))
            text.AppendLine($"    > {line}");
    }

    static void AppendSource(StringBuilder text, string source)
    {
        foreach (var line in source.Split('\n').Take(8))
            text.AppendLine($"    | {line}");
    }
}

/// <summary>Small helpers for the .ipynb JSON.</summary>
internal static class Ipynb
{
    /// <summary>Jupyter stores text either as one string or as an array of lines.</summary>
    public static string JoinText(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        _ => (string?)node ?? "",
    };
}
