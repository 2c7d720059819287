using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 2's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter2Tests
{
    [Fact]
    public async Task Chapter2_measures_saturation_and_derivative_bounds()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        string saturation = notebook.CellContaining("Evaluate(\"sigmoid\", [5.0, 6.0])").AllText;
        Assert.Contains("0.993307", saturation);
        Assert.Contains("0.997527", saturation);
        var derivative = Number(notebook.CellContaining("maxSigmoidSlope").AllText, @"sigmoid′ = ([0-9.]+)");
        Assert.InRange(derivative, 0.2499, 0.25);
    }

    [Fact]
    public async Task Chapter2_measures_vanishing_gradients_in_the_deep_sigmoid_network()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        string text = notebook.CellContaining("sigmoidRatio").AllText;
        double sigmoid = Number(text, @"sigmoid ([0-9.E+-]+), ReLU");
        double relu = Number(text, @"ReLU ([0-9.E+-]+)\)");
        Assert.True(sigmoid * 1000 < relu, text);
        Assert.Contains("\"type\":\"log\"", notebook.CellContaining("Charts.GradientNorms(").AllText);
    }

    [Fact]
    public async Task Chapter2_ReLU_reaches_the_threshold_much_sooner_than_sigmoid_and_the_final_ranking_is_reported()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        string speed = notebook.CellContaining("MedianEpochsToThreshold is double r").AllText;
        double relu = Number(speed, @"ReLU (\d+)");
        double sigmoid = Number(speed, @"sigmoid (\d+)");
        Assert.True(relu * 3 <= sigmoid, speed);
        string ranking = notebook.CellContaining("sigmoid.FinalMean < relu.FinalMean").AllText;
        Assert.True(Number(ranking, @"sigmoid ([0-9.]+), ReLU") < Number(ranking, @"ReLU ([0-9.]+);"), ranking);
    }

    [Fact]
    public async Task Chapter2_shows_the_loss_curves_with_seed_bands_and_both_results_tables()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        string band = notebook.CellContaining("comparison.Chart(").AllText;
        Assert.Contains("median of 5 seeds", band);
        Assert.Contains("\"type\":\"log\"", band);
        string table = notebook.CellContaining("allActivations.Table(").AllText;
        foreach (var activation in new[] { "relu", "sigmoid", "tanh", "leaky_relu", "elu", "gelu", "silu" })
            Assert.Contains($"<td>{activation}</td>", table);
    }
}
