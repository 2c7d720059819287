using System.Globalization;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 4's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter4Tests
{
    [Fact]
    public async Task Chapter4_hand_written_rules_match_TorchSharp_and_the_paths_are_drawn_on_the_surface()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter4);

        string paths = notebook.CellContaining("Charts.OptimizerPaths(").AllText;
        Assert.Contains("\"type\":\"contour\"", paths);
        foreach (var name in new[] { "SGD, η = 0.9", "momentum, η = 0.1, β = 0.9", "RMSprop, η = 0.1", "Adam, η = 0.5" })
            Assert.Contains(name, Decode(paths));
        Assert.Contains("SGD, η = 0.9", notebook.Claim("valley-others-beat-sgd").Evidence);
        Assert.Contains("(-7.500000, 1.500000)", notebook.Claim("adam-first-step-is-learning-rate").Evidence);
        Assert.Contains("4 × 50 steps", notebook.Claim("torchsharp-follows-our-rules").Evidence);
    }

    [Fact]
    public async Task Chapter4_compares_five_optimisers_over_five_seeds_with_speed_and_failures_reported()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter4);

        string table = notebook.CellContaining("optimizers.Table(").AllText;
        foreach (var optimizer in new[] { "sgd", "sgd + momentum", "rmsprop", "adam", "adamw" })
            Assert.Contains($"<td>{optimizer}</td><td>5</td>", Decode(table));
        Assert.Contains("median epochs to 0.1", notebook.Claim("momentum-and-adam-3x-faster").Evidence);
        Assert.Equal("dead runs: rmsprop, seed 3, adam, seed 3, adamw, seed 3",
            notebook.Claim("seed-3-dies-with-adaptive-only").Evidence);
        Assert.Contains("adamw", notebook.Claim("best-validation-within-1.5x").Evidence);
        // "sgd 0.0745; sgd + momentum 0.104; …": each optimiser's mean final validation loss over its live runs
        var finalLoss = notebook.Claim("sgd-ends-lowest").Evidence.Split("; ").ToDictionary(
            pair => pair[..pair.LastIndexOf(' ')], pair => double.Parse(pair[(pair.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        Assert.Equal(5, finalLoss.Count);
        Assert.Equal("sgd", finalLoss.MinBy(p => p.Value).Key);
        Assert.Contains("mean of live runs", notebook.Claim("adam-halves-sgd-training-loss").Evidence);
        Assert.Contains("median of 5 seeds", notebook.CellContaining("optimizers.Chart(validation: false").AllText);
    }

    [Fact]
    public async Task Chapter4_going_further_finds_seed_3s_last_layer_dead_only_under_the_adaptive_optimisers()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter4);

        // "  adam            0, 5, 8, 2, 5, 4": the dead units of seed 3's network per hidden layer, the last of 4 units
        var lastLayer = notebook.CellContaining("DeadUnits.PerLayer(").AllText.Split('\n')
            .Select(line => line.Trim()).Where(line => line.Length > 0 && char.IsDigit(line[^1]) && line.Contains(", "))
            .ToDictionary(line => line[..line.LastIndexOf("  ", StringComparison.Ordinal)].Trim(),
                line => int.Parse(line[(line.LastIndexOf(',') + 1)..].Trim(), CultureInfo.InvariantCulture));

        Assert.Equal(["sgd", "sgd + momentum", "rmsprop", "adam", "adamw"], lastLayer.Keys);
        foreach (var adaptive in new[] { "rmsprop", "adam", "adamw" })
            Assert.Equal(4, lastLayer[adaptive]);
        foreach (var sgd in new[] { "sgd", "sgd + momentum" })
            Assert.True(lastLayer[sgd] < 4, $"{sgd}: {lastLayer[sgd]} of seed 3's last 4 units dead; the chapter says fewer than 4.");
    }
}
