namespace NirNet.Tests;

/// <summary>Chapter 00 shows what it promises: the versions line, a tensor, an inline Plotly chart and a DataFrame table.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class SetupNotebookTests
{
    const string Name = "00-setup.dib";

    [Fact]
    public async Task Setup_cell_prints_one_short_line_of_versions_and_seed()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Name);

        string line = notebook.CellContaining("Setup.Initialize").AllText;
        var pins = RepositoryTests.Pins();
        Assert.Contains($"TorchSharp {pins["TorchSharp-cpu"]}", line);
        Assert.Contains($"Plotly.NET {pins["Plotly.NET"]}", line);
        Assert.Contains("seed 42", line);
        Assert.DoesNotContain("GLIBCXX", line); // the native details show in a cell of their own
        // The runner's kernels run with the page copy of plotly.js off: 3.6 MB that the committed notebooks must not carry.
        Assert.DoesNotContain(PagePlotly.Marker, line);
    }

    [Fact]
    public async Task Native_details_show_in_a_cell_of_their_own_from_the_setup_report()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Name);

        var cell = notebook.CellContaining("report.Native");
        Assert.NotSame(notebook.CellContaining("Setup.Initialize"), cell);
        Assert.Contains("native", cell.AllText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Tensor_chart_and_table_render_inline()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Name);

        Assert.Contains("22 28", notebook.CellContaining("matmul(A, B)").AllText);
        var chart = notebook.CellContaining("Chart.Line").Outputs.Single();
        Assert.Contains("text/html", chart.Data.Keys);
        Assert.Contains("renderPlotly", chart.Data["text/html"]);
        var table = notebook.CellContaining("band.Head(5)").Outputs.Single();
        Assert.Contains("<table", table.Data["text/html"]);
        Assert.Contains("wavelength (nm)", table.Data["text/html"]);
    }

    [Fact]
    public async Task Committed_ipynb_opens_in_the_csharp_kernel_and_runs_without_errors()
    {
        // The committed file, with its metadata (.net-csharp kernelspec, C# language_info), not the .dib source.
        string folder = Path.Combine(Notebooks.Repository.Artifacts, "test-executed-ipynb");
        var executed = await new NirNet.NotebookRunner.NotebookExecutor(Notebooks.Repository)
            .ExecuteAsync(Path.Combine(Notebooks.Repository.Notebooks, "00-setup.ipynb"), folder);

        Assert.True(executed.Succeeded, executed.Report());
        Assert.Contains("22 28", executed.CellContaining("matmul(A, B)").AllText);
    }
}
