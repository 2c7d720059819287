using System.Globalization;
using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 2's teaching claims, read by id and from the printed outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter2Tests
{
    [Fact]
    public async Task Chapter2_measures_saturation_derivative_bounds_and_the_vanishing_gradient()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        string formula = Decode(notebook.CellContaining("largestDifference").AllText);
        var difference = Regex.Match(formula, @"largest difference from 1/\(1\+e\^\(−x\)\) at x = [^:]+: (?<d>[-+0-9.E]+)");
        Assert.True(difference.Success, formula);
        Assert.True(double.Parse(difference.Groups["d"].Value, CultureInfo.InvariantCulture) < 1e-12, formula);
        string saturation = notebook.CellContaining("Evaluate(\"sigmoid\", [5.0, 6.0])").AllText;
        Assert.Contains("0.993307", saturation);
        Assert.Contains("0.997527", saturation);
        Assert.Contains("largest derivative on [−10, 10]: sigmoid′ 0.2500, tanh′ 1.0000", Decode(notebook.CellContaining("maxSigmoidSlope").AllText));
        notebook.ShowsClaims("sigmoid-gradient-vanishes", "relu-gradient");
        Assert.Contains("\"type\":\"log\"", notebook.CellContaining("Charts.GradientNorms(").AllText);
    }

    [Fact]
    public async Task Chapter2_network_ends_in_one_linear_unit()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        string summary = Decode(notebook.CellContaining("ModelSummary.Of(original").AllText);
        var lastRow = Regex.Matches(summary, @"<tr>(.*?)</tr>", RegexOptions.Singleline)[^1].Value;
        Assert.Contains("output", lastRow);
        Assert.Contains("Linear(4 → 1)", lastRow);
    }

    [Fact]
    public async Task Chapter2_states_where_each_original_claim_holds_with_Adam_and_with_plain_SGD()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        notebook.ShowsClaims(
            "adam-relu-first-to-0.1", "adam-sigmoid-first-to-0.05", "adam-sigmoid-ends-lower", "adam-sigmoid-still-improving",
            "sgd-sigmoid-crawls", "sgd-relu-ends-lower");
    }

    [Fact]
    public async Task Chapter2_sigmoid_runs_that_SGD_left_behind_are_still_falling_at_the_end()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        string lines = Decode(notebook.CellContaining("withSgd.Chart(").AllText);
        var stuck = Regex.Matches(lines, @"never at 0\.2: mean validation loss (?<before>[0-9.]+) \(801–900\), (?<after>[0-9.]+) \(901–1000\)");
        Assert.NotEmpty(stuck);
        foreach (Match run in stuck)
            Assert.True(double.Parse(run.Groups["after"].Value, CultureInfo.InvariantCulture)
                < double.Parse(run.Groups["before"].Value, CultureInfo.InvariantCulture), run.Value);
    }

    [Fact]
    public async Task Chapter2_shows_the_loss_curves_of_both_optimisers_and_the_speed_tables()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter2);

        Assert.Contains("\"type\":\"log\"", notebook.CellContaining("withAdam.Chart(").AllText);
        Assert.Contains("\"type\":\"log\"", notebook.CellContaining("withSgd.Chart(").AllText);
        Assert.Matches(@"relu, seed 1: last validation loss 0\.\d{4}", notebook.CellContaining("seedOne").AllText);
        foreach (var table in new[] { "SpeedTable(withAdam)", "SpeedTable(withSgd)" })
            Assert.Contains("validation MSE", notebook.CellContaining(table).AllText);
    }
}
