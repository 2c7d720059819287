using System.Diagnostics;

namespace NirNet.NotebookRunner;

/// <summary>One run of another program, to its end or to a time limit, with what it printed.</summary>
/// <param name="ExitCode">The exit code; null when the program ran past the time limit and was stopped.</param>
/// <param name="Output">What it wrote to standard output.</param>
/// <param name="Error">What it wrote to standard error.</param>
internal sealed record ProgramRun(int? ExitCode, string Output, string Error)
{
    /// <summary>
    /// Runs <paramref name="program"/> in <paramref name="folder"/> and waits for its end, stopping it (and what it
    /// started) after <paramref name="timeout"/>. A program that cannot be started throws
    /// <see cref="System.ComponentModel.Win32Exception"/>.
    /// </summary>
    public static async Task<ProgramRun> RunAsync(string program, IReadOnlyList<string> arguments, string folder, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
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
            return new ProgramRun(null, await output, await error);
        }
        return new ProgramRun(process.ExitCode, await output, await error);
    }
}
