using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>
/// The runner's time limit and what it reports when a notebook runs past it, from dotnet-repl's log; the copy of a
/// notebook it hands to dotnet-repl.
/// </summary>
public sealed class NotebookRunnerTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-runner-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>
    /// Lines of a log dotnet-repl 0.3.259 wrote (<c>--log-path</c>) for a two-cell notebook stopped while its second cell
    /// printed "epoch 0", "epoch 1", … once a second.
    /// </summary>
    const string RecordedLog = """
        ﻿2026-11-29T13:27:10.4801874Z [00-c5c3ea6f37b85230e4cb85ae9eb0a8ba-c358a841c2602277-00] [Creating kernels]  ▶  
        2026-11-29T13:27:11.4896058Z [00-89b2ed30bcbbac564c34d618f87e0cb5-24250ca30067e270-00] [KernelInvocationContext] [KernelInvocationContext]  ▶  +[ ⁞Ϲ⁞ SubmitCode Console.WriteLine("hello from cell 1"); (Token: r67waDRSxUGWpN+cIreryQ==, TargetKernelName: csharp, DestinationUri: ) ] 
        2026-11-29T13:27:11.5086126Z [00-89b2ed30bcbbac564c34d618f87e0cb5-fe7e4136bca65e5b-00] [KernelScheduler] [Run]  ▶  +[ ⁞Ϲ⁞ SubmitCode using static Microsoft.DotNet.Interactive.Kernel; (Token: r67waDRSxUGWpN+cIreryQ==.1, TargetKernelName: csharp, DestinationUri: ) ] 
        2026-11-29T13:27:12.2624414Z [00-89b2ed30bcbbac564c34d618f87e0cb5-d01706e068185cd3-00]  ℹ ⁞Ε⁞ CompleteCodeSubmissionReceived Console.WriteLine("hello from cell 1"); (Command: SubmitCode, CommandToken: r67waDRSxUGWpN+cIreryQ==) 
        2026-11-29T13:27:12.2626596Z [00-89b2ed30bcbbac564c34d618f87e0cb5-d01706e068185cd3-00]  ℹ ⬅️ CompleteCodeSubmissionReceived kernel://local/csharp 
        2026-11-29T13:27:12.2628232Z [00-89b2ed30bcbbac564c34d618f87e0cb5-d01706e068185cd3-00]  ℹ ⬅️ CompleteCodeSubmissionReceived kernel://local/.NET 
        2026-11-29T13:27:12.7144817Z [00-89b2ed30bcbbac564c34d618f87e0cb5-d01706e068185cd3-00]  ℹ ⁞Ε⁞ StandardOutputValueProduced '' (FormattedValues: 'hello from cell 1' (text/plain)) (ValueId: ) (Command: SubmitCode, CommandToken: r67waDRSxUGWpN+cIreryQ==) 
        2026-11-29T13:27:12.7149163Z [00-89b2ed30bcbbac564c34d618f87e0cb5-d01706e068185cd3-00]  ℹ ⬅️ StandardOutputValueProduced kernel://local/csharp 
        2026-11-29T13:27:12.7149560Z [00-89b2ed30bcbbac564c34d618f87e0cb5-d01706e068185cd3-00]  ℹ ⬅️ StandardOutputValueProduced kernel://local/.NET 
        2026-11-29T13:27:12.7228046Z [00-89b2ed30bcbbac564c34d618f87e0cb5-d01706e068185cd3-00]  ℹ ⬅️ DiagnosticsProduced kernel://local/csharp 
        2026-11-29T13:27:12.7267842Z [00-89b2ed30bcbbac564c34d618f87e0cb5-d01706e068185cd3-00] [KernelScheduler] [Run]  ⏹ -> ✔ (482.096ms)  
        2026-11-29T13:27:12.7283349Z [00-89b2ed30bcbbac564c34d618f87e0cb5-24250ca30067e270-00]  ℹ ⁞Ε⁞ CommandSucceeded  (Command: SubmitCode, CommandToken: r67waDRSxUGWpN+cIreryQ==) 
        2026-11-29T13:27:12.7298964Z [00-f36ff96f81c53f48b50a5730211c017f-f8a1c0731898bfcf-00] [KernelInvocationContext] [KernelInvocationContext]  ▶  +[ ⁞Ϲ⁞ SubmitCode for (int i = 0; i < 100; i++) { Console.WriteLine( ... (Token: 7gGrJBjwVUGvEqNpn8JKfw==, TargetKernelName: csharp, DestinationUri: ) ] 
        2026-11-29T13:27:12.7317810Z [00-89b2ed30bcbbac564c34d618f87e0cb5-24250ca30067e270-00] [KernelInvocationContext] [KernelInvocationContext]  ⏹ (1242.2095ms)  
        2026-11-29T13:27:12.7321063Z [00-f36ff96f81c53f48b50a5730211c017f-355b697d1b1e1abe-00] [KernelScheduler] [Run]  ▶  +[ ⁞Ϲ⁞ SubmitCode for (int i = 0; i < 100; i++) { Console.WriteLine( ... (Token: 7gGrJBjwVUGvEqNpn8JKfw==, TargetKernelName: csharp, DestinationUri: ) ] 
        2026-11-29T13:27:12.7321933Z [00-f36ff96f81c53f48b50a5730211c017f-355b697d1b1e1abe-00]  ℹ ➡️ SubmitCode kernel://local/.NET (arrived) 
        2026-11-29T13:27:12.7322257Z [00-f36ff96f81c53f48b50a5730211c017f-355b697d1b1e1abe-00]  ℹ ➡️ SubmitCode kernel://local/csharp (arrived) 
        2026-11-29T13:27:12.7463365Z [00-f36ff96f81c53f48b50a5730211c017f-355b697d1b1e1abe-00]  ℹ ⁞Ε⁞ CompleteCodeSubmissionReceived for (int i = 0; i < 100; i++) { Console.WriteLine( ... (Command: SubmitCode, CommandToken: 7gGrJBjwVUGvEqNpn8JKfw==) 
        2026-11-29T13:27:12.7465286Z [00-f36ff96f81c53f48b50a5730211c017f-355b697d1b1e1abe-00]  ℹ ⬅️ CompleteCodeSubmissionReceived kernel://local/csharp 
        2026-11-29T13:27:12.7465653Z [00-f36ff96f81c53f48b50a5730211c017f-355b697d1b1e1abe-00]  ℹ ⬅️ CompleteCodeSubmissionReceived kernel://local/.NET 
        2026-11-29T13:27:12.8628814Z [00-f36ff96f81c53f48b50a5730211c017f-355b697d1b1e1abe-00]  ℹ ⁞Ε⁞ StandardOutputValueProduced '' (FormattedValues: 'epoch 0' (text/plain)) (ValueId: ) (Command: SubmitCode, CommandToken: 7gGrJBjwVUGvEqNpn8JKfw==) 
        2026-11-29T13:27:12.8630258Z [00-f36ff96f81c53f48b50a5730211c017f-355b697d1b1e1abe-00]  ℹ ⬅️ StandardOutputValueProduced kernel://local/csharp 
        2026-11-29T13:27:13.8632993Z [00-f36ff96f81c53f48b50a5730211c017f-355b697d1b1e1abe-00]  ℹ ⁞Ε⁞ StandardOutputValueProduced '' (FormattedValues: 'epoch 1' (text/plain)) (ValueId: ) (Command: SubmitCode, CommandToken: 7gGrJBjwVUGvEqNpn8JKfw==) 
        2026-11-29T13:27:13.8636676Z [00-f36ff96f81c53f48b50a5730211c017f-355b697d1b1e1abe-00]  ℹ ⬅️ StandardOutputValueProduced kernel://local/csharp 
        """;

    string WriteLog(string text)
    {
        string logFolder = Path.Combine(folder, "x.log");
        Directory.CreateDirectory(logFolder);
        File.WriteAllText(Path.Combine(logFolder, "20261129-00001.log"), text);
        return logFolder;
    }

    string WriteNotebook()
    {
        string notebook = Path.Combine(folder, "x.dib");
        File.WriteAllText(notebook, """
            #!csharp

            Console.WriteLine("hello from cell 1");

            #!csharp

            for (int i = 0; i < 100; i++) { Console.WriteLine($"epoch {i}"); System.Threading.Thread.Sleep(1000); }
            """);
        return notebook;
    }

    [Fact]
    public void The_log_tells_the_running_cell_and_its_output_so_far()
    {
        var progress = KernelProgress.Read(WriteLog(RecordedLog));

        Assert.Equal(2, progress.CellsStarted);
        Assert.Equal(1, progress.CellsFinished);
        Assert.Equal(["epoch 0", "epoch 1"], progress.LastCellOutput);
    }

    [Fact]
    public void Without_a_log_nothing_started()
    {
        var progress = KernelProgress.Read(Path.Combine(folder, "none"));

        Assert.Equal((0, 0), (progress.CellsStarted, progress.CellsFinished));
        Assert.Empty(progress.LastCellOutput);
    }

    [Fact]
    public void A_timeout_is_reported_with_the_limit_the_running_cell_and_its_output()
    {
        string notebook = WriteNotebook();
        var executed = ExecutedNotebook.Read(notebook, Path.Combine(folder, "x.ipynb"), WriteLog(RecordedLog), exitCode: null,
            TimeSpan.FromSeconds(40), TimeSpan.FromMinutes(0.5));

        string report = executed.Report();

        Assert.True(executed.TimedOut);
        Assert.False(executed.Succeeded);
        Assert.Contains("FAIL  x.dib: timed out, stopped at the limit of 0.5 min (--timeout or NIRNET_NOTEBOOK_TIMEOUT changes it)", report);
        Assert.Contains("cell 2 of 2 was running (1 finished before it):", report);
        Assert.Contains("    | for (int i = 0; i < 100; i++)", report);
        Assert.Contains("    > epoch 0\n    > epoch 1", report.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_report_writes_numbers_the_same_in_every_culture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var executed = ExecutedNotebook.Read(WriteNotebook(), Path.Combine(folder, "x.ipynb"), WriteLog(RecordedLog), exitCode: null,
                TimeSpan.FromSeconds(40.4), TimeSpan.FromMinutes(0.5));

            Assert.Equal("FAIL  x.dib: timed out, stopped at the limit of 0.5 min (--timeout or NIRNET_NOTEBOOK_TIMEOUT changes it), 40.4 s",
                executed.Report().ReplaceLineEndings("\n").Split('\n')[0]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void A_kernel_that_never_started_a_cell_says_so()
    {
        var executed = ExecutedNotebook.Read(WriteNotebook(), Path.Combine(folder, "x.ipynb"), Path.Combine(folder, "none"), exitCode: 134,
            TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(10));

        Assert.Contains("kernel exit code 134", executed.Report());
        Assert.Contains("no cell was started", executed.Report());
    }

    [Fact]
    public void The_runner_and_the_library_find_the_same_repository()
    {
        Assert.Equal(Path.Combine(Notebooks.Repository.Root, "data", Data.Datasets.TecatorFileName), Data.Datasets.DataFile(Data.Datasets.TecatorFileName));
        Assert.Contains("could not find data/no-such-file.csv in the repository",
            Assert.Throws<SpectralDataException>(() => Data.Datasets.DataFile("no-such-file.csv")).Message);
    }

    [Theory]
    [InlineData("20", 20 * 60)]
    [InlineData("0.5", 30)]
    [InlineData("1e1", 600)]
    public void The_time_limit_is_given_in_minutes(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), NotebookExecutor.ParseMinutes(text, "--timeout"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("ten")]
    [InlineData("0,5")]
    [InlineData("")]
    public void A_bad_time_limit_is_refused_naming_where_it_came_from(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => NotebookExecutor.ParseMinutes(text, "NIRNET_NOTEBOOK_TIMEOUT"));

        Assert.StartsWith("NIRNET_NOTEBOOK_TIMEOUT must be a positive number of minutes", error.Message);
    }

    /// <summary>
    /// The kernel's notebook reader decodes 4,096 bytes at a time, so the runner hands it an ASCII copy: here an em dash
    /// straddles bytes 4,094–4,096 of the .dib, as one of chapter 3 did, and must reach the kernel whole.
    /// </summary>
    [Fact]
    public async Task The_kernel_gets_a_copy_in_plain_ascii_with_every_character_intact()
    {
        string filler = new('x', 4094 - "#!markdown\n\n".Length);
        string dib = Path.Combine(folder, "straddle.dib");
        File.WriteAllText(dib, $"#!markdown\n\n{filler}— and ½ more\n\n#!csharp\n\nConsole.WriteLine(\"é ✓\");\n");
        Assert.Equal(4094, File.ReadAllBytes(dib).AsSpan().IndexOf("—"u8));
        var kernels = CommittedNotebook.Kernels();
        var expected = CodeSubmission.Parse(File.ReadAllText(dib), kernels).Elements.Select(e => e.Contents).ToList();
        var asLoaded = await InteractiveDocument.LoadAsync(new FileInfo(dib), kernels);
        Assert.Contains('\uFFFD', asLoaded.Elements[0].Contents); // the reader dotnet-repl uses breaks the straddling dash

        string copy = NotebookExecutor.AsciiCopy(dib, Path.Combine(folder, "straddle.input.ipynb"));

        Assert.All(File.ReadAllBytes(copy), b => Assert.True(b < 128));
        var loaded = await InteractiveDocument.LoadAsync(new FileInfo(copy), kernels);
        Assert.Equal(expected, loaded.Elements.Select(e => e.Contents).ToList());
        Assert.Equal(["markdown", "csharp"], loaded.Elements.Select(e => e.KernelName).ToList());
    }

    [Fact]
    public void The_copy_of_an_ipynb_keeps_its_metadata_and_cells()
    {
        string committed = Path.Combine(Notebooks.Repository.Notebooks, "00-setup.ipynb");

        string copy = NotebookExecutor.AsciiCopy(committed, Path.Combine(folder, "00-setup.input.ipynb"));

        Assert.All(File.ReadAllBytes(copy), b => Assert.True(b < 128));
        var original = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(committed))!;
        var copied = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(copy))!;
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(original, copied));
    }
}
