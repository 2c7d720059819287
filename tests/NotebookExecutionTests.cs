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
        var executed = await Notebooks.ExecuteWithoutErrorsAsync(name);

        Assert.NotEmpty(executed.CodeCells);
        Assert.All(executed.CodeCells, c => Assert.Empty(c.Errors));
    }

    [Fact]
    public async Task A_broken_cell_fails_the_run_and_the_report_names_the_cell_its_source_and_error()
    {
        // Inside the repository, where the tool manifest that provides dotnet-repl is found.
        string folder = Path.Combine(Notebooks.Repository.Artifacts, "broken-notebook-test");
        Directory.CreateDirectory(folder);
        string notebook = Path.Combine(folder, "broken.dib");
        File.WriteAllText(notebook, """
            #!csharp

            var fine = 1 + 1;

            #!csharp

            throw new InvalidOperationException("deliberately broken cell");

            #!csharp

            var afterwards = fine + 1;
            """);

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
        // The notebook's cells twice in one file, beside notebooks/ so that its relative paths still resolve.
        string text = File.ReadAllText(Notebooks.Source(name));
        string cells = text[text.IndexOf("#!markdown", StringComparison.Ordinal)..];
        string twice = Path.Combine(Notebooks.Repository.Artifacts, $"twice-{name}");
        Directory.CreateDirectory(Notebooks.Repository.Artifacts);
        File.WriteAllText(twice, text + "\n" + cells);

        var executed = await new NirNet.NotebookRunner.NotebookExecutor(Notebooks.Repository).ExecuteAsync(twice, Path.Combine(Notebooks.Repository.Artifacts, "rerun"));

        Assert.True(executed.Succeeded, executed.Report());
        int codeCells = text.Split("#!csharp").Length - 1;
        Assert.Equal(2 * codeCells, executed.CodeCells.Count());
    }
}
