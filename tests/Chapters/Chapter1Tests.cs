using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 1's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter1Tests
{
    [Fact]
    public async Task Chapter1_shows_data_table_spectra_summary_loss_curves_and_test_metrics()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter1);

        var loading = notebook.CellContaining("Datasets.SimulatedSoil()");
        Assert.Equal(3, loading.Source.Trim().Split('\n').Length); // three lines: load, show the table, chart the spectra
        Assert.Contains("<table", loading.AllText);
        Assert.Contains("renderPlotly", loading.AllText);
        Assert.Contains("400 samples × 211 wavelengths", Decode(notebook.CellContaining("data.ToString()").AllText));
        Assert.Contains("37,505 trainable parameters", notebook.CellContaining("BuildNetwork(data.WavelengthCount").AllText);
        Assert.Contains("37,505 trainable parameters", notebook.Claim("mlp-same-as-hand-built").Evidence);
        Assert.Matches(@"epoch 50: training loss \d", notebook.CellContaining("optimizer.zero_grad()").AllText);
        string yardstick = Decode(notebook.CellContaining("MeanPredictionLoss").AllText);
        Assert.Contains("loss of predicting the mean: training 1.00, validation 0.", yardstick);
        Assert.Matches(@"on the validation set, a loss of 0\.1 is R² ≈ 0\.8\d", yardstick);
        Assert.Matches(@"\(best [0-9.]+ at epoch \d+\)", Decode(notebook.CellContaining("Trainer.Fit(net,").AllText));
        Assert.Contains("\"type\":\"log\"", notebook.CellContaining("Charts.Losses(").AllText);
        Assert.Matches(@"<td>0\.\d+</td><td>0\.\d+</td><td>0\.\d+</td><td>\d\.\d+</td>", notebook.CellContaining("RegressionMetrics.Of(").AllText);
        Assert.Contains("1:1 line", notebook.CellContaining("Charts.PredictedVsMeasured(").AllText);
        Assert.Contains("test R² = ", notebook.Claim("network-good-on-test").Evidence);
    }

    [Fact]
    public async Task Chapter1_ends_with_the_PLS_baseline_on_the_same_split_and_on_the_log_of_SOM()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter1);

        string pls = Decode(notebook.CellContaining("PlsRegression.ChooseComponents(split.Train").AllText);
        Assert.Matches(@"PLS, \d+ components: RMSE 0\.\d+", pls);
        Assert.Matches(@"network: +RMSE 0\.\d+", pls);
        Assert.Contains("PLS on log(SOM)", notebook.Claim("log-som-helps-both").Evidence);
    }
}
