using static NirNet.Tests.Chapters;

namespace NirNet.Tests;

/// <summary>Chapter 3's tests of the explanations, read by id from the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter3Tests
{
    [Fact]
    public async Task Chapter3_tests_each_explanation_and_reports_what_is_left()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter3);

        notebook.ShowsClaims(
            "sigmoid-ends-lower", "he-init-keeps-the-gap", "he-init-same-dead-run", "leaky-keeps-the-gap",
            "wide-relu-still-above-sigmoid", "best-epoch-keeps-the-ranking", "relu-best-comes-late", "sigmoid-not-behind-on-training",
            "relu-worse-at-equal-fit", "tanh-is-a-rescaled-sigmoid", "tanh-ends-above-sigmoid");
    }

    [Fact]
    public async Task Chapter3_end_tables_show_the_median_and_the_range_of_the_live_runs()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter3);

        string table = notebook.CellContaining("DataFrame EndTable(").AllText;
        Assert.Contains("loss at the end (mean)", table);
        Assert.Contains("range (live runs)", table);
        foreach (var setting in new[] { "relu", "sigmoid", "relu (He init)", "leaky_relu", "tanh" })
            Assert.Contains($"<td>{setting}</td>", table);
    }

    [Fact]
    public async Task Chapter3_counts_dead_units_per_layer_for_every_ReLU_run()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter3);

        string table = notebook.CellContaining("DeadUnits.PerLayer(").AllText;
        foreach (var layer in new[] { "dead of 256", "dead of 128", "dead of 4" })
            Assert.Contains(layer, table);
        for (int seed = 1; seed <= 5; seed++)
            Assert.Contains($"relu, seed {seed}", table);
    }

    [Fact]
    public async Task Chapter3_draws_the_five_settings_and_the_training_against_validation_curves()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter3);

        Assert.Contains("\"type\":\"log\"", notebook.CellContaining("runs.Chart(").AllText);
        Assert.Contains("\"dash\":\"dash\"", notebook.CellContaining("Charts.TrainingAndValidation(").AllText);
    }
}
