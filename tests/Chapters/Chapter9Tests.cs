using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 9's teaching claims, asserted on the outputs of the executed notebook (and chapter 8's PLS choice).</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter9Tests
{
    static readonly string[] Committees = ["SNV", "1st derivative", "SNV + 1st derivative", "all three inputs"];

    [Fact]
    public async Task Chapter9_uses_chapter8s_PLS_choice_and_chooses_its_committee_on_validation()
    {
        var pls = await Notebooks.ExecuteWithoutErrorsAsync(Chapter8);
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter9);

        // chapter 8's choice by cross-validation is the baseline chapter 9 computes again
        var plsRows = ChapterTables.Rows(pls.CellContaining("new DoubleDataFrameColumn(\"RMSECV (% fat)\"").AllText);
        var plsChosen = plsRows.MinBy(r => ChapterTables.Value(r[3]))!;
        string baseline = Decode(notebook.CellContaining("PlsRegression.CrossValidate(").AllText);
        Assert.Contains($"PLS, {plsChosen[2]} components, on {plsChosen[1]}: test RMSE ", baseline);
        Assert.Equal(ChapterTables.Value(plsChosen[4]), Number(baseline, @"test RMSE (\d+\.\d+) % fat"), 3);

        string training = Decode(notebook.CellContaining("Stacked.Compare(").AllText);
        Assert.Contains("15 networks in", training);
        Assert.Equal(3, Regex.Matches(training, @": kept epochs \d+, \d+, \d+, \d+, \d+").Count);
        Assert.True(Number(notebook.Claim("cap-never-decides").Evidence, @"latest stop at epoch (\d+)") < 2000);

        var validation = ChapterTables.Rows(notebook.CellContaining("new DoubleDataFrameColumn(\"committee: validation RMSE").AllText);
        Assert.Equal(Committees, validation.Select(r => r[1]));
        string chosen = validation.MinBy(r => ChapterTables.Value(r[3]))![1];
        var test = ChapterTables.Rows(notebook.CellContaining("new StringDataFrameColumn(\"model\"").AllText);
        Assert.Equal(Committees.Select(c => c == chosen ? $"{c} (chosen)" : c).Append("PLS"), test.Select(r => r[1]));
        Assert.Equal(ChapterTables.Value(plsChosen[4]), ChapterTables.Value(test[^1][4]), 3);
        Assert.StartsWith($"chosen committee ({chosen}): ", notebook.Claim("goal-missed-in-the-fit").Evidence);
        Assert.StartsWith($"chosen committee ({chosen}): ", notebook.Claim("committee-beats-its-members").Evidence);
    }

    [Fact]
    public async Task Chapter9_checks_residuals_and_the_spread_against_the_error_with_a_chart_and_one_number()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter9);

        notebook.ShowsClaims("cap-never-decides", "committee-beats-its-members", "committee-leans-less",
            "spread-flags-errors-loosely", "goal-missed-in-the-fit", "reloaded-predicts-identically", "committee-beats-pls");
        Assert.Equal(43 * 2, Regex.Matches(notebook.Claim("committee-leans-less").Evidence, @"n = (\d+)")
            .Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        var spread = notebook.CellContaining("Statistics.Correlation(Ranks(");
        Assert.Contains("renderPlotly", spread.AllText);
        Assert.Contains("members' spread (% fat)", Decode(spread.AllText));
        Assert.InRange(Number(notebook.Claim("spread-flags-errors-loosely").Evidence, @"test samples: (-?\d+\.\d+)"), 0.3, 0.7);
    }

    [Fact]
    public async Task Chapter9_saves_the_committee_reloads_it_and_refuses_a_shifted_axis()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter9);

        Assert.StartsWith("43 test samples, largest difference 0 % fat", notebook.Claim("reloaded-predicts-identically").Evidence);
        string saved = Decode(notebook.CellContaining("committees[chosen].Save(").AllText);
        Assert.Contains("member-01", saved);
        Assert.Contains("model.json", saved);
        Assert.Matches(@"committee of (5|15) networks; axis 850–1048 nm \(100 values\); predicts fat \(%\)", saved);
        Assert.Contains("other instrument, column '851': spectral column 1 is 851 nm, where the model expects 850 nm",
            Decode(notebook.CellContaining("reloaded.Predict(otherInstrument)").AllText));
    }
}
