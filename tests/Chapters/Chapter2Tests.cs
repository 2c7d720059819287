using static NirNet.Tests.Chapters;

namespace NirNet.Tests;

/// <summary>Chapter 2's teaching claims, read by id from the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter2Tests
{
    [Fact]
    public async Task Chapter2_measures_saturation_derivative_bounds_and_the_vanishing_gradient()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        string saturation = notebook.CellContaining("Evaluate(\"sigmoid\", [5.0, 6.0])").AllText;
        Assert.Contains("0.993307", saturation);
        Assert.Contains("0.997527", saturation);
        notebook.ShowsClaims("sigmoid-formula", "derivative-bounds", "sigmoid-gradient-vanishes", "relu-gradient", "linear-output");
        Assert.Contains("\"type\":\"log\"", notebook.CellContaining("Charts.GradientNorms(").AllText);
    }

    [Fact]
    public async Task Chapter2_states_where_each_original_claim_holds_with_Adam_and_with_plain_SGD()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        notebook.ShowsClaims(
            "adam-relu-first-to-0.1", "adam-sigmoid-first-to-0.05", "adam-sigmoid-lower-over-the-run", "adam-sigmoid-still-improving",
            "sgd-sigmoid-crawls", "adam-rescues-sigmoid", "sgd-relu-ends-lower");
    }

    [Fact]
    public async Task Chapter2_shows_the_loss_curves_of_both_optimisers_and_the_speed_tables()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        Assert.Contains("\"type\":\"log\"", notebook.CellContaining("withAdam.Chart(").AllText);
        Assert.Contains("\"type\":\"log\"", notebook.CellContaining("withSgd.Chart(").AllText);
        foreach (var table in new[] { "SpeedTable(withAdam)", "SpeedTable(withSgd)" })
            Assert.Contains("validation MSE", notebook.CellContaining(table).AllText);
    }
}
