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
    const string Kernel = ".net-csharp";
    const string Install = "`.ci/install-jupyter` installs both (Debian: apt-get install --no-install-recommends "
        + "jupyter-nbconvert python3-nbclient jupyter-client; then dotnet tool restore && dotnet interactive jupyter install).";

    [Fact]
    public async Task Setup_notebook_runs_under_jupyter_nbconvert_with_no_error_outputs()
    {
        // dotnet tool restore (dotnet-interactive is the kernel the kernelspec starts) and the library build.
        await new NotebookExecutor(Notebooks.Repository).PrepareAsync();
        var (listed, specs, _) = await RunAsync("jupyter", ["kernelspec", "list", "--json"], Notebooks.Repository.Root, TimeSpan.FromMinutes(1));
        Assert.True(listed == 0, $"`jupyter kernelspec list` failed (is Debian's jupyter-client installed?). {Install}");
        Assert.True(JsonNode.Parse(specs)!["kernelspecs"]!.AsObject().ContainsKey(Kernel),
            $"Jupyter has no {Kernel} kernelspec. {Install}");

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
        Assert.Contains("native: ", line);
        // Under Jupyter the set-up cell also sends the page its copy of plotly.js, so that charts draw without internet.
        Assert.Contains($"{PagePlotly.Marker}=\"{PagePlotly.Version}\"", line);
        Assert.Contains("22 28", executed.CellContaining("matmul(A, B)").AllText);
        Assert.Contains("renderPlotly", executed.CellContaining("Chart.Line").AllText);
        Assert.Contains("<table", executed.CellContaining("band.Head(5)").AllText);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Runs a program to its end; fails the test, saying what to install, when the program is not installed.</summary>
    static async Task<(int? ExitCode, string Output, string Error)> RunAsync(string program, IReadOnlyList<string> arguments, string folder, TimeSpan timeout)
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

    static string Tail(string text) => string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').TakeLast(30));
}
