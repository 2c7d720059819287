using System.Text.RegularExpressions;

namespace NirNet.NotebookRunner;

/// <summary>
/// How far a kernel got, read from the log that dotnet-repl writes while it runs (<c>--log-path</c>); its executed notebook
/// is written only at the end, so after a timeout or a crash this log is all there is. Each cell is one top-level
/// <c>SubmitCode</c> command: its start, the text it writes to standard output and error, and its end are logged as they happen.
/// The log keeps only the first line of each write (a write of several lines ends in " ..."), which is all of a progress line;
/// charts and tables are not in it.
/// </summary>
/// <param name="CellsStarted">Cells the kernel started; the last of them was running unless <see cref="CellsFinished"/> equals it.</param>
/// <param name="CellsFinished">Cells that finished (successfully or with an error).</param>
/// <param name="LastCellOutput">What the last started cell wrote to standard output and error, in order.</param>
internal sealed partial record KernelProgress(int CellsStarted, int CellsFinished, IReadOnlyList<string> LastCellOutput)
{
    /// <summary>Reads the log files of a <c>--log-path</c> folder; a missing or empty folder means nothing started.</summary>
    public static KernelProgress Read(string logFolder)
    {
        if (!Directory.Exists(logFolder))
            return new KernelProgress(0, 0, []);
        string log = string.Concat(Directory.GetFiles(logFolder, "*.log").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        int started = 0, finished = 0;
        string? running = null;
        var output = new List<string>();
        foreach (string entry in EntryStart().Split(log))
        {
            if (CellStarted().Match(entry) is { Success: true } start)
            {
                (running, started) = (start.Groups["token"].Value, started + 1);
                output.Clear();
            }
            else if (running is not null && Output().Match(entry) is { Success: true } text && IsOf(text, running))
                output.Add(text.Groups["text"].Value);
            else if (running is not null && CellFinished().Match(entry) is { Success: true } end && end.Groups["token"].Value == running)
                finished++;
        }
        return new KernelProgress(started, finished, output);
    }

    static bool IsOf(Match match, string cellToken) =>
        match.Groups["token"].Value == cellToken || match.Groups["token"].Value.StartsWith(cellToken + ".", StringComparison.Ordinal);

    /// <summary>Each log entry starts on a new line with its UTC time stamp (the file itself with a byte-order mark).</summary>
    [GeneratedRegex(@"^\uFEFF?(?=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z )", RegexOptions.Multiline)]
    private static partial Regex EntryStart();

    /// <summary>A top-level submission (one cell) starts; commands it sends on its own have tokens such as <c>abc==.1</c>.</summary>
    [GeneratedRegex(@"\A\S+ \[[^\]]*\] \[KernelInvocationContext\] \[KernelInvocationContext\]\s+▶.*?\bSubmitCode\b.*?\(Token: (?<token>[^,.\s]+), TargetKernelName:", RegexOptions.Singleline)]
    private static partial Regex CellStarted();

    [GeneratedRegex(@"\bStandard(?:Output|Error)ValueProduced '.*?' \(FormattedValues: '(?<text>.*)' \(text/plain\)\) \(ValueId: [^)]*\) \(Command: \w+, CommandToken: (?<token>[^)\s]+)\)\s*\z", RegexOptions.Singleline)]
    private static partial Regex Output();

    [GeneratedRegex(@"\bCommand(?:Succeeded|Failed)\b.*\(Command: SubmitCode, CommandToken: (?<token>[^)\s]+)\)\s*\z", RegexOptions.Singleline)]
    private static partial Regex CellFinished();
}
