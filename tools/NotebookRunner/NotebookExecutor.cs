using System.Diagnostics;

namespace NirNet.NotebookRunner;

/// <summary>
/// Executes notebooks in the real kernel: dotnet-repl (from the repository's tool manifest) hosts the same
/// .NET Interactive kernel as the last Polyglot Notebooks release, runs every cell, and writes the executed .ipynb.
/// </summary>
internal sealed class NotebookExecutor(Repository repository)
{
    static readonly SemaphoreSlim PrepareGate = new(1, 1);
    static bool prepared;

    /// <summary>Longest time one notebook may run before it counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Restores the tools and builds the library the notebooks reference (once per process).</summary>
    public async Task PrepareAsync()
    {
        await PrepareGate.WaitAsync();
        try
        {
            if (prepared) return;
            await RunAsync(repository.Root, "dotnet", ["tool", "restore"], TimeSpan.FromMinutes(10));
            await RunAsync(repository.Root, "dotnet", ["build", repository.Library, "-c", "Release", "-nologo", "-v", "quiet"], TimeSpan.FromMinutes(10));
            prepared = true;
        }
        finally
        {
            PrepareGate.Release();
        }
    }

    /// <summary>Executes one notebook from its own folder (relative #r and #!import paths resolve against it).</summary>
    public async Task<ExecutedNotebook> ExecuteAsync(string notebook, string outputFolder)
    {
        await PrepareAsync();
        Directory.CreateDirectory(outputFolder);
        string executed = Path.Combine(outputFolder, Path.ChangeExtension(Path.GetFileName(notebook), ".ipynb"));
        File.Delete(executed);
        var clock = Stopwatch.StartNew();
        int exitCode = await RunAsync(Path.GetDirectoryName(Path.GetFullPath(notebook))!, "dotnet",
            ["repl", "--run", Path.GetFullPath(notebook), "--exit-after-run", "--output-path", executed], Timeout, throwOnFailure: false);
        return ExecutedNotebook.Read(notebook, executed, exitCode, clock.Elapsed);
    }

    static async Task<int> RunAsync(string folder, string program, IReadOnlyList<string> arguments, TimeSpan timeout, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            if (throwOnFailure)
                throw new TimeoutException($"`{program} {string.Join(' ', arguments)}` did not finish within {timeout}.");
            return -1;
        }
        if (throwOnFailure && process.ExitCode != 0)
            throw new InvalidOperationException(
                $"`{program} {string.Join(' ', arguments)}` failed with exit code {process.ExitCode} in {folder}:\n{await output}\n{await error}");
        return process.ExitCode;
    }
}
