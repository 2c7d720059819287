namespace NirNet.Tests;

/// <summary>Every notebook runs top to bottom in the real kernel with zero cell errors; a broken cell is reported readably.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class NotebookExecutionTests
{
    public static TheoryData<string> AllNotebooks => new(Notebooks.Names);

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public async Task Notebook_executes_without_cell_errors(string name)
    {
        var executed = await Notebooks.ExecuteWithoutErrorsAsync(name); // fails with the runner's report on any cell error

        Assert.NotEmpty(executed.CodeCells);
        // Every cell of the source ran, in order: a kernel that stopped early but exited 0 would fail here.
        Assert.Equal(NirNet.NotebookRunner.CommittedNotebook.CellSources(Notebooks.Source(name)).Select(c => c.Trim()),
            executed.Cells.Select(c => c.Source.ReplaceLineEndings("\n").Trim()));
    }

    [Fact]
    public async Task A_broken_cell_fails_the_run_and_the_report_names_the_cell_its_source_and_error()
    {
        string notebook = Notebooks.WriteTestNotebook("broken-notebook-test", "broken.dib", """
            #!csharp

            var fine = 1 + 1;

            #!csharp

            throw new InvalidOperationException("deliberately broken cell");

            #!csharp

            var afterwards = fine + 1;
            """);

        string folder = Path.GetDirectoryName(notebook)!;
        var executed = await new NirNet.NotebookRunner.NotebookExecutor(Notebooks.Repository).ExecuteAsync(notebook, folder);

        Assert.False(executed.Succeeded);
        Assert.Equal(2, executed.ExitCode);
        var failed = Assert.Single(executed.FailedCells);
        Assert.Equal(2, failed.Number);
        string report = executed.Report();
        Assert.Contains("FAIL  broken.dib", report);
        Assert.Contains("cell 2:", report);
        Assert.Contains("| throw new InvalidOperationException(\"deliberately broken cell\");", report);
        Assert.Contains("deliberately broken cell", report.Split("error:")[1]);
        Directory.Delete(folder, recursive: true);
    }
}

/// <summary>A notebook that runs past the time limit is stopped, and the report says which cell was running and what it printed.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class NotebookTimeoutTests
{
    [Fact]
    public async Task A_notebook_past_the_limit_is_stopped_and_reported_with_its_running_cell_and_output()
    {
        string notebook = Notebooks.WriteTestNotebook("slow-notebook-test", "slow.dib", """
            #!markdown

            A notebook whose last cell takes five minutes.

            #!csharp

            Console.WriteLine("fast cell");

            #!csharp

            for (int i = 0; i < 600; i++) { Console.WriteLine($"step {i}"); System.Threading.Thread.Sleep(500); }
            """);
        string folder = Path.GetDirectoryName(notebook)!;
        var executor = new NirNet.NotebookRunner.NotebookExecutor(Notebooks.Repository) { Timeout = TimeSpan.FromSeconds(30) };

        var executed = await executor.ExecuteAsync(notebook, folder);

        Assert.True(executed.TimedOut);
        Assert.Equal((3, 2), (executed.Progress!.CellsStarted, executed.Progress.CellsFinished));
        string report = executed.Report().ReplaceLineEndings("\n");
        Assert.Contains("FAIL  slow.dib: timed out, stopped at the limit of 0.5 min", report);
        Assert.Contains("cell 3 of 3 was running (2 finished before it):", report);
        Assert.Contains("    | for (int i = 0; i < 600; i++)", report);
        Assert.Matches(@"its output so far \(last 20 of \d+ lines\):(\n    > step \d+){20}$", report);
        Directory.Delete(folder, recursive: true);
    }
}

/// <summary>Notebooks run one at a time: each kernel uses both cores.</summary>
[CollectionDefinition(nameof(NotebookExecution), DisableParallelization = true)]
public sealed class NotebookExecution;

/// <summary>A reader may run a notebook twice in the same kernel; every cell must work again.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class NotebookRerunTests
{
    [Theory]
    [InlineData("00-setup.dib")]
    [InlineData("01-dnn-spectral-regression.dib")]
    public async Task Running_a_notebook_twice_in_one_kernel_gives_no_errors(string name)
    {
        // The notebook's cells twice in one file, beside notebooks/ so that its relative paths still resolve, with the
        // build script its first cell loads.
        string text = File.ReadAllText(Notebooks.Source(name));
        string cells = text[text.IndexOf("#!markdown", StringComparison.Ordinal)..];
        string twice = Path.Combine(Notebooks.Repository.Artifacts, $"twice-{name}");
        Directory.CreateDirectory(Notebooks.Repository.Artifacts);
        File.WriteAllText(twice, text + "\n" + cells);
        File.Copy(Notebooks.Source("library-build.csx"), Path.Combine(Notebooks.Repository.Artifacts, "library-build.csx"), overwrite: true);

        var executed = await new NirNet.NotebookRunner.NotebookExecutor(Notebooks.Repository).ExecuteAsync(twice, Path.Combine(Notebooks.Repository.Artifacts, "rerun"));

        Assert.True(executed.Succeeded, executed.Report());
        int codeCells = text.Split("#!csharp").Length - 1;
        Assert.Equal(2 * codeCells, executed.CodeCells.Count());
    }
}
