using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 4's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter4Tests
{
    [Fact]
    public async Task Chapter4_catches_a_diverging_run_and_plots_the_range_test_and_the_schedules()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter4);

        Assert.Contains("w after 20 steps", notebook.CellContaining("After(eta, 20)").AllText);
        string diverging = notebook.CellContaining("LearningRate: 0.3").AllText;
        Assert.Matches(@"seed \d: training diverged at epoch \d+: the loss became NaN", Decode(diverging));
        Assert.Contains("diverged, left out", Decode(notebook.CellContaining("tooLarge.Table(").AllText));
        string range = notebook.CellContaining("Charts.RangeTest(").AllText;
        Assert.Contains("suggested learning rate 0.", range);
        Assert.Contains("\"type\":\"log\"", range);
        string schedules = notebook.CellContaining("Charts.LearningRateAndLoss(").AllText;
        Assert.Contains("\"yaxis2\"", schedules);
        foreach (var schedule in new[] { "constant", "step", "exponential", "cosine", "plateau" })
            Assert.Contains($"{schedule} learning rate", schedules);
        double suggested = Number(notebook.CellContaining("medianSuggestion").AllText, @"median ([0-9.E+-]+)\)");
        Assert.InRange(suggested, 0.001 / 3, 0.003);
    }
}
