using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>
/// Jupyter is the series' second host: the last .NET Interactive (Microsoft.dotnet-interactive 1.0.712001, from the tool
/// manifest) registered as the <c>.net-csharp</c> kernel runs chapter 00 under nbconvert as it runs in VS Code.
/// </summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class JupyterHostTests
{
    internal const string Kernel = ".net-csharp";
    internal const string Install = "`.ci/install-jupyter` installs both (Debian: apt-get install --no-install-recommends "
        + "jupyter-nbconvert python3-nbclient jupyter-client; then dotnet tool restore && dotnet interactive jupyter install; "
        + "then it adds --http-local-only to the kernelspec).";

    [Fact]
    public async Task Setup_notebook_runs_under_jupyter_nbconvert_with_no_error_outputs()
    {
        // dotnet tool restore (dotnet-interactive is the kernel the kernelspec starts) and the library build.
        await new NotebookExecutor(Notebooks.Repository).PrepareAsync();
        // The chapter runs in the kernelspec .ci/install-jupyter registers: its HTTP service on loopback only.
        var spec = await JupyterKernelNetworkTests.RegisteredSpecAsync();
        Assert.True(spec.Argv.Contains(JupyterKernelNetworkTests.LocalOnly),
            $"The {Kernel} kernelspec ({spec.Folder}) lacks {JupyterKernelNetworkTests.LocalOnly}: its HTTP service would listen on "
            + $"every network interface. {Install}");

        string source = Path.Combine(Notebooks.Repository.Notebooks, "00-setup.ipynb");
        string folder = Path.Combine(Path.GetTempPath(), $"nirnet-jupyter-{Guid.NewGuid():N}");
        string executedPath = Path.Combine(folder, "00-setup.ipynb");
        var limit = NotebookExecutor.DefaultTimeout();
        var clock = Stopwatch.StartNew();
        // nbconvert starts the kernel in the notebook's folder (notebooks/), where its relative #load and #r resolve and
        // `dotnet interactive` finds the repository's tool manifest. --allow-errors writes failing cells' errors into the
        // executed copy instead of stopping, so that the report below can name them.
        var (exitCode, output, error) = await RunAsync("jupyter",
            ["nbconvert", "--to", "notebook", "--execute", "--allow-errors", $"--ExecutePreprocessor.kernel_name={Kernel}",
             $"--ExecutePreprocessor.timeout={(int)limit.TotalSeconds}", "--output-dir", folder, "--output", "00-setup", source],
            Notebooks.Repository.Root, limit);
        Assert.True(exitCode == 0 && File.Exists(executedPath),
            $"jupyter nbconvert {(exitCode is null ? $"ran past {limit}" : $"exited with {exitCode}")}:\n{Tail(output + error)}");

        var executed = ExecutedNotebook.Read(source, executedPath, folder, exitCode, clock.Elapsed, limit);
        Assert.True(executed.Succeeded, executed.Report());
        Assert.All(executed.CodeCells, cell => Assert.NotEmpty(cell.Outputs)); // every cell of chapter 00 shows something
        string line = executed.CellContaining("Setup.Initialize").AllText;
        var pins = RepositoryTests.Pins();
        Assert.Contains($"TorchSharp {pins["TorchSharp-cpu"]}", line);
        Assert.Contains($"Plotly.NET {pins["Plotly.NET"]}", line);
        Assert.Contains("seed 42", line);
        // Under Jupyter the set-up cell also sends the page its copy of plotly.js, so that charts draw without internet.
        Assert.Contains($"{PagePlotly.Marker}=\"{PagePlotly.Version}\"", line);
        Assert.Contains("22 28", executed.CellContaining("matmul(A, B)").AllText);
        Assert.Contains("renderPlotly", executed.CellContaining("Chart.Line").AllText);
        Assert.Contains("<table", executed.CellContaining("band.Head(5)").AllText);
        // The kernel's script (hidden in the first cell's output) tells the browser where its HTTP service is: loopback addresses only.
        var probed = ProbedAddresses(string.Join("\n", executed.CodeCells.Select(c => c.AllText)));
        Assert.NotEmpty(probed);
        Assert.All(probed, url => Assert.True(IsLoopbackUrl(url), $"The kernel offers its HTTP service at {url}, not a loopback address."));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Runs a program to its end; fails the test, saying what to install, when the program is not installed.</summary>
    internal static async Task<(int? ExitCode, string Output, string Error)> RunAsync(string program, IReadOnlyList<string> arguments, string folder, TimeSpan timeout)
    {
        try
        {
            var run = await ProgramRun.RunAsync(program, arguments, folder, timeout);
            return (run.ExitCode, run.Output, run.Error);
        }
        catch (Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"`{program}` could not be started ({e.Message}): Jupyter is not installed. {Install}");
        }
    }

    /// <summary>
    /// The addresses the kernel's hidden script probes (<c>probeAddresses(["http://127.0.0.1:2048/", …])</c>): one per address
    /// its HTTP service listens on.
    /// </summary>
    static IReadOnlyList<string> ProbedAddresses(string outputs)
    {
        var match = System.Text.RegularExpressions.Regex.Match(outputs, @"probeAddresses\((\[[^\]]*\])\)");
        Assert.True(match.Success, "No output holds a probeAddresses([...]) call of the kernel's script.");
        return JsonNode.Parse(match.Groups[1].Value)!.AsArray().Select(a => a!.GetValue<string>()).ToList();
    }

    /// <summary>Whether the host of "http://HOST:PORT/" is a loopback address (the script writes IPv6 hosts without brackets).</summary>
    internal static bool IsLoopbackUrl(string url)
    {
        string hostAndPort = url.Split("://", 2)[^1].TrimEnd('/');
        string host = hostAndPort[..hostAndPort.LastIndexOf(':')].Trim('[', ']');
        return host == "localhost" || (System.Net.IPAddress.TryParse(host, out var address) && new Listener(0, address, 0).IsLoopback);
    }

    static string Tail(string text) => string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').TakeLast(30));
}
