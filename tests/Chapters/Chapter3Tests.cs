using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 3's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter3Tests
{
    [Fact]
    public async Task Chapter3_hand_written_rules_match_TorchSharp_and_the_paths_are_drawn_on_the_surface()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter3);

        string paths = notebook.CellContaining("Charts.OptimizerPaths(").AllText;
        Assert.Contains("\"type\":\"contour\"", paths);
        foreach (var name in new[] { "SGD, η = 0.9", "momentum, η = 0.1, β = 0.9", "RMSprop, η = 0.1", "Adam, η = 0.5" })
            Assert.Contains(name, Decode(paths));
        double gap = Number(notebook.CellContaining("largestGap < 1e-9").AllText, @"50 steps: ([0-9.E+-]+)\)");
        Assert.True(gap < 1e-9, $"largest gap {gap}");
        Assert.Contains("(-7.500000, 1.500000)", notebook.CellContaining("adamFirst").AllText);
    }

    [Fact]
    public async Task Chapter3_compares_five_optimisers_over_five_seeds_with_speed_and_failures_reported()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter3);

        string table = notebook.CellContaining("optimizers.Table(").AllText;
        foreach (var optimizer in new[] { "sgd", "sgd + momentum", "rmsprop", "adam", "adamw" })
            Assert.Contains($"<td>{optimizer}</td><td>5</td>", Decode(table));
        string speed = notebook.CellContaining("EpochsTo(\"sgd + momentum\") * 3").AllText;
        Assert.True(Number(speed, @"sgd \+ momentum (\d+)") * 3 <= Number(speed, @"sgd (\d+),"), speed);
        Assert.Contains("dead runs: rmsprop, seed 3, adam, seed 3, adamw, seed 3", Decode(notebook.CellContaining("adaptiveAllLoseSeed3").AllText));
        Assert.Contains("median of 5 seeds", notebook.CellContaining("optimizers.Chart(validation: false").AllText);
    }
}
