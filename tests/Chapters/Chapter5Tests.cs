using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 5's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter5Tests
{
    [Fact]
    public async Task Chapter5_makes_its_claims_about_rates_range_test_and_schedules()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter5);

        notebook.ShowsClaims("w2-diverges-above-1", "too-small-is-slow", "only-0.001-gets-most-runs-to-0.1", "too-large-stays-at-mean",
            "large-rates-kill-the-4-unit-layer", "range-test-suggests-near-0.001", "seed-3-stuck-under-every-schedule",
            "schedules-calm-the-end", "schedules-end-lower", "schedules-same-best", "plateau-ends-lowest");
        Assert.Matches(@"seed \d: training diverged at epoch \d+: the loss became NaN",
            notebook.Claim("sgd-diverges-and-is-caught").Evidence);
        Assert.Contains("runs with all 4 units dead: η = 0.001", notebook.Claim("large-rates-kill-the-4-unit-layer").Evidence);
    }

    [Fact]
    public async Task Chapter5_shows_the_tables_and_plots_the_range_test_and_the_schedules()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter5);

        Assert.Contains("w after 20 steps", notebook.CellContaining("After(eta, 20)").AllText);
        Assert.Contains("diverged, left out", Decode(notebook.CellContaining("tooLarge.Table(").AllText));
        string dead = Decode(notebook.CellContaining("DeadUnits.PerLayer(").AllText);
        Assert.Equal(15, Regex.Matches(dead, @"<td>η = 0\.\d+, seed \d</td>").Count);
        string range = notebook.CellContaining("Charts.RangeTest(").AllText;
        Assert.Contains("suggested rate 0.", range);
        Assert.Contains("\"type\":\"log\"", range);
        string schedules = notebook.CellContaining("Charts.LearningRateAndLoss(").AllText;
        Assert.Contains("\"yaxis2\"", schedules);
        foreach (var schedule in new[] { "constant", "step", "exponential", "cosine", "plateau" })
            Assert.Contains($"{schedule} learning rate", schedules);
    }
}
