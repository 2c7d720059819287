using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace NirNet.NotebookRunner;

/// <summary>
/// Executes notebooks in the real kernel: dotnet-repl (from the repository's tool manifest) hosts the same
/// .NET Interactive kernel as the last Polyglot Notebooks release, runs every cell, and writes the executed .ipynb.
/// </summary>
internal sealed class NotebookExecutor(Repository repository)
{
    static readonly SemaphoreSlim PrepareGate = new(1, 1);
    static bool prepared;

    /// <summary>The environment variable that sets <see cref="Timeout"/>, in minutes (for the tests, or a slow machine).</summary>
    public const string TimeoutVariable = "NIRNET_NOTEBOOK_TIMEOUT";

    /// <summary>Longest time one notebook may run before it is stopped and counts as failed: <see cref="TimeoutVariable"/>, else 10 minutes.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout();

    /// <summary><see cref="TimeoutVariable"/> when set, else 10 minutes.</summary>
    public static TimeSpan DefaultTimeout() =>
        Environment.GetEnvironmentVariable(TimeoutVariable) is { Length: > 0 } minutes ? ParseMinutes(minutes, TimeoutVariable) : TimeSpan.FromMinutes(10);

    /// <summary>A time limit given in minutes (a positive number, <c>.</c> for decimals), for example <c>20</c> or <c>0.5</c>.</summary>
    /// <param name="text">The number of minutes.</param>
    /// <param name="setting">Where it was given, for the error message.</param>
    public static TimeSpan ParseMinutes(string text, string setting) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double minutes) && minutes > 0 && minutes <= TimeSpan.MaxValue.TotalMinutes
            ? TimeSpan.FromMinutes(minutes)
            : throw new ArgumentException($"{setting} must be a positive number of minutes (for example 20 or 0.5), got '{text}'.");

    /// <summary>
    /// The environment variable with which the kernels run keeps training to plain progress lines (<c>off</c>), unless
    /// <see cref="LiveProgress"/>: dotnet-repl saves every update of a display as an output of its own, so a live view would
    /// leave dozens of copies of itself in the executed notebook. NirNet's <c>Setup.Initialize</c> reads it.
    /// </summary>
    public const string LiveProgressVariable = "NIRNET_LIVE_PROGRESS";

    /// <summary>
    /// The environment variable with which the kernels run keep <c>Setup.Initialize</c> from sending the page its copy of
    /// plotly.js (<c>off</c>): 3.6 MB in every executed notebook. The committed charts load plotly.js as Plotly.NET has them
    /// do and carry a picture of themselves; <see cref="CommittedNotebook"/> also drops that output should it be there.
    /// </summary>
    public const string PagePlotlyVariable = "NIRNET_PAGE_PLOTLY";

    /// <summary>Whether training in the notebooks shows its live view (for the test of the view); off by default.</summary>
    public bool LiveProgress { get; init; }

    /// <summary>Restores the tools and builds the library the notebooks reference (once per process).</summary>
    public async Task PrepareAsync()
    {
        await PrepareGate.WaitAsync();
        try
        {
            if (prepared) return;
            await RunAsync(repository.Root, "dotnet", ["tool", "restore"], TimeSpan.FromMinutes(10));
            await RunAsync(repository.Root, "dotnet", ["build", repository.NotebookLibrary, "-c", "Release", "-nologo", "-v", "quiet"], TimeSpan.FromMinutes(10));
            prepared = true;
        }
        finally
        {
            PrepareGate.Release();
        }
    }

    /// <summary>
    /// Executes one notebook from its own folder (relative #r and #!import paths resolve against it). The kernel logs to
    /// <c>NAME.log/</c> beside the executed copy, from which a timeout or a crash is reported (see <see cref="KernelProgress"/>).
    /// </summary>
    public async Task<ExecutedNotebook> ExecuteAsync(string notebook, string outputFolder)
    {
        await PrepareAsync();
        Directory.CreateDirectory(outputFolder);
        string executed = Path.Combine(outputFolder, Path.ChangeExtension(Path.GetFileName(notebook), ".ipynb"));
        string log = Path.ChangeExtension(executed, ".log");
        File.Delete(executed);
        if (Directory.Exists(log))
            Directory.Delete(log, recursive: true);
        string input = AsciiCopy(notebook, Path.ChangeExtension(executed, ".input.ipynb"));
        var clock = Stopwatch.StartNew();
        var run = await ProgramRun.RunAsync("dotnet",
            ["repl", "--run", input, "--exit-after-run", "--output-path", executed, "--log-path", log],
            Path.GetDirectoryName(Path.GetFullPath(notebook))!, Timeout,
            new Dictionary<string, string> { [LiveProgressVariable] = LiveProgress ? "on" : "off", [PagePlotlyVariable] = "off" });
        return ExecutedNotebook.Read(notebook, executed, log, run.ExitCode, clock.Elapsed, Timeout);
    }

    /// <summary>
    /// Writes the notebook to <paramref name="path"/> as Jupyter JSON in plain ASCII (every other character escaped) and
    /// returns the path: dotnet-repl reads a notebook with <c>InteractiveDocument.LoadAsync</c>, which (documents library
    /// 1.0.0-beta.26120.1) decodes the file in pieces of 4,096 bytes, so a character whose UTF-8 bytes straddle two pieces
    /// reached the kernel as two U+FFFD (found when an edit moved an em dash of chapter 3 onto bytes 4,094–4,096). The text
    /// is read whole here: a .dib is parsed with <see cref="CodeSubmission.Parse"/> and written as a notebook; an .ipynb
    /// keeps everything, metadata included, only its characters escaped.
    /// </summary>
    internal static string AsciiCopy(string notebook, string path)
    {
        string text = File.ReadAllText(notebook);
        string json = Path.GetExtension(notebook) == ".dib"
            ? Notebook.ToJupyterJson(CodeSubmission.Parse(text, CommittedNotebook.Kernels()), "C#")
            : text;
        File.WriteAllText(path, JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return Path.GetFullPath(path);
    }

    /// <summary>Runs a program that must succeed within <paramref name="timeout"/>; throws with its output otherwise.</summary>
    static async Task RunAsync(string folder, string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var run = await ProgramRun.RunAsync(program, arguments, folder, timeout);
        if (run.ExitCode is null)
            throw new TimeoutException($"`{program} {string.Join(' ', arguments)}` did not finish within {timeout}.");
        if (run.ExitCode != 0)
            throw new InvalidOperationException(
                $"`{program} {string.Join(' ', arguments)}` failed with exit code {run.ExitCode} in {folder}:\n{run.Output}\n{run.Error}");
    }
}
