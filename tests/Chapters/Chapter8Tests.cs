using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 8's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter8Tests
{
    static readonly string[] Inputs = ["absorbance", "SNV", "MSC", "1st derivative", "2nd derivative", "SNV + 1st derivative"];

    [Fact]
    public async Task Chapter8_loads_Tecator_in_three_lines_and_cross_validates_PLS_on_six_inputs_in_one_table()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter8);

        var loading = notebook.CellContaining("Datasets.Tecator()");
        Assert.Equal(3, loading.Source.Trim().Split('\n').Length);
        Assert.Contains("renderPlotly", loading.AllText);
        Assert.Contains("train 129, validation 43, test 43 samples (in file order)", Decode(notebook.CellContaining("Console.WriteLine(split)").AllText));
        string folds = Decode(notebook.CellContaining("CrossValidationFolds.Create(").AllText);
        Assert.Contains("10-fold, venetian blinds: 129 samples in folds of 13, 13, 13, 13, 13, 13, 13, 13, 13, 12", folds);
        Assert.Matches(@"chosen by the lowest RMSECV: \d+ components", folds);
        Assert.Contains("renderPlotly", notebook.CellContaining("rawCv.Rows.Select(r => r.Rmsecv)").AllText);

        var rows = ChapterTables.Rows(notebook.CellContaining("new DoubleDataFrameColumn(\"RMSECV (% fat)\"").AllText);
        Assert.Equal(Inputs, rows.Select(r => r[1]));
        foreach (var row in rows)
        {
            Assert.InRange(int.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture), 1, 20);
            Assert.InRange(ChapterTables.Value(row[3]), 1.0, 4.0);
            Assert.InRange(ChapterTables.Value(row[4]), 1.0, 4.0);
        }
        // the claim names the input and the components of the row with the lowest RMSECV, and the derivative has the highest
        var lowest = rows.MinBy(r => ChapterTables.Value(r[3]))!;
        Assert.Equal("1st derivative", rows.MaxBy(r => ChapterTables.Value(r[3]))![1]);
        Assert.StartsWith($"chosen by RMSECV: {lowest[1]}, {lowest[2]} components", notebook.Claim("derivative-worst-for-pls").Evidence);
    }

    [Fact]
    public async Task Chapter8_measures_that_the_scale_not_the_offset_hinders_PLS_and_groups_residuals_by_prediction()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter8);

        notebook.ShowsClaims("derivative-correlates-better", "derivative-worst-for-pls", "scale-not-offset", "pls-bends");
        string evidence = notebook.Claim("scale-not-offset").Evidence;
        double raw = Number(evidence, @"absorbance (\d+\.\d+)");
        double offset = Number(evidence, @"offset removed (\d+\.\d+)");
        double scale = Number(evidence, @"scale removed (\d+\.\d+)");
        Assert.InRange(offset / raw, 0.99, 1.01);
        Assert.True(scale < 0.8 * raw, evidence);
        var rows = ChapterTables.Rows(notebook.CellContaining("new DoubleDataFrameColumn(\"RMSECV (% fat)\"").AllText);
        Assert.Equal(ChapterTables.Value(ChapterTables.Row(rows, 1, "absorbance")[3]), Math.Round(raw, 2), 3);

        // residuals grouped by the cross-validated predictions of the chosen model, on the 129 training samples
        var lowest = rows.MinBy(r => ChapterTables.Value(r[3]))!;
        string bends = notebook.Claim("pls-bends").Evidence;
        Assert.StartsWith($"{lowest[1]}, cross-validated", bends);
        Assert.Equal(129, Regex.Matches(bends, @"n = (\d+)").Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("CrossValidatedPredictions(", notebook.CellContaining("ByPredicted(").Source);
    }
}
