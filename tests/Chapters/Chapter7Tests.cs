using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 7's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter7Tests
{
    [Fact]
    public async Task Chapter7_uses_chapter5s_choice_as_its_baseline_and_reports_test_metrics_over_five_seeds()
    {
        var architecture = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);
        var cnn = await Notebooks.ExecuteWithoutErrorsAsync(Chapter7);

        string chosen = Regex.Match(Decode(architecture.CellContaining("var chosen =").AllText), @"chosen: (\S+) \(").Groups[1].Value;
        string contest = cnn.CellContaining("var contest =").Source;
        Assert.Contains($"\"MLP {chosen}\"", contest);
        Assert.Contains($"Networks.Mlp(wavelengths, [{chosen.Replace("-", ", ")}]", contest);
        string test = Decode(cnn.CellContaining("contest.Evaluate(scaled.Test").AllText);
        Assert.Contains($"<td>MLP {chosen}</td><td>5</td>", test);
        Assert.Contains("<td>CNN 8-16</td><td>5</td>", test);
        Assert.Contains("RPD", test);
        string filters = cnn.CellContaining("Charts.FirstLayerFilters(").AllText;
        Assert.Contains("filter 8", filters);
        Assert.Contains("offset from the centre wavelength (nm)", Decode(filters));
    }

    [Fact]
    public async Task Chapter7_checks_the_layer_the_network_and_the_filters_with_claims()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter7);

        Assert.Contains("0.0E+000", notebook.Claim("layer-shift-equivariant").Evidence);
        Assert.Contains("conv1: 8 filters × 9 taps + 8 biases = 80", notebook.Claim("head-holds-most-weights").Evidence);
        notebook.ShowsClaims("peaks-at-bands", "cnn-quarter-of-mlp", "cnn-lower-test-rmse", "cnn-spread-three-times",
                     "shift-hurts-cnn-more", "filters-moved-little", "frozen-filters-worse");
        Assert.Contains("at 0 / 10 / 20 nm", notebook.Claim("shift-hurts-cnn-more").Evidence);
        Assert.StartsWith("5 of 5", notebook.Claim("frozen-filters-stay").Evidence);
    }
}
