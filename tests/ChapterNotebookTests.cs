using System.Text.RegularExpressions;

namespace NirNet.Tests;

/// <summary>The chapters' teaching claims, asserted on the outputs of the executed notebooks.</summary>
[Collection(nameof(NotebookExecution))]
public sealed partial class ChapterNotebookTests
{
    const string Chapter1 = "01-dnn-spectral-regression.dib";
    const string Chapter2 = "02-activation-functions.dib";

    [Theory]
    [InlineData(Chapter1)]
    [InlineData(Chapter2)]
    public async Task Every_claim_a_chapter_makes_is_checked_and_shown(string name)
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(name);

        var claimCells = notebook.CodeCells.Where(c => c.Source.Contains("Claim.Check(", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(claimCells);
        Assert.All(claimCells, c => Assert.Contains("✔", c.AllText));
    }

    [Fact]
    public async Task Chapter1_shows_data_table_spectra_summary_loss_curves_and_test_metrics()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter1);

        var loading = notebook.CellContaining("Datasets.SimulatedSoil()");
        Assert.Equal(3, loading.Source.Trim().Split('\n').Length); // three lines: load, show the table, chart the spectra
        Assert.Contains("<table", loading.AllText);
        Assert.Contains("renderPlotly", loading.AllText);
        Assert.Contains("400 samples × 211 wavelengths", Decode(notebook.CellContaining("data.ToString()").AllText));
        Assert.Contains("37,505 trainable parameters", notebook.CellContaining("ModelSummary.Of(").AllText);
        Assert.Matches(@"epoch 50: training loss \d", notebook.CellContaining("optimizer.zero_grad()").AllText);
        Assert.Contains("\"type\":\"log\"", notebook.CellContaining("Charts.Losses(").AllText);
        Assert.Contains("R", notebook.CellContaining("RegressionMetrics.Of(").AllText);
        Assert.Contains("1:1 line", notebook.CellContaining("Charts.PredictedVsMeasured(").AllText);
    }

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

    static string Decode(string html) => System.Net.WebUtility.HtmlDecode(html);

    static double Number(string text, string pattern)
    {
        var match = Regex.Match(Decode(text), pattern);
        Assert.True(match.Success, $"no match for {pattern} in: {text}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
