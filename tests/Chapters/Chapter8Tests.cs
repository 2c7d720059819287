using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 8's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter8Tests
{
    [Fact]
    public async Task Chapter8_loads_Tecator_in_three_lines_and_tests_PLS_and_every_network_on_every_input()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter8);

        var loading = notebook.CellContaining("Datasets.Tecator()");
        Assert.Equal(3, loading.Source.Trim().Split('\n').Length);
        Assert.Contains("renderPlotly", loading.AllText);
        Assert.Contains("train 129, validation 43, test 43 samples (in file order)", Decode(notebook.CellContaining("Console.WriteLine(split)").AllText));
        string table = Decode(notebook.CellContaining("var results = new MetricsTable(").AllText);
        foreach (var input in new[] { "absorbance", "SNV", "1st derivative" })
        {
            Assert.Matches($@"<td>PLS \(\d+ components\), {input}</td><td>1</td>", table);
            foreach (var network in new[] { "MLP, ReLU", "MLP, sigmoid", "CNN" })
                Assert.Contains($"<td>{network}, {input}</td><td>3</td>", table);
        }
        var charts = notebook.CellContaining("Charts.PredictedVsMeasured(testFat").Outputs
            .Count(o => o.Data.TryGetValue("text/html", out var html) && html.Contains("renderPlotly", StringComparison.Ordinal));
        Assert.Equal(2, charts);
    }

    [Fact]
    public async Task Chapter8_claims_networks_beat_PLS_and_compares_ReLU_with_sigmoid()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter8);

        Assert.Contains("% fat", notebook.Claim("network-beats-pls").Evidence);
        Assert.Contains("at best", notebook.Claim("sgd-stalls-sigmoid").Evidence);
        notebook.ShowsClaims("derivative-correlates-better", "pls-bends", "network-leans-less",
                     "mlps-beat-pls-after-preprocessing", "relu-first-except-derivative", "sigmoid-ends-better");
    }

    [Fact]
    public async Task Chapter8_saves_the_chosen_network_reloads_it_and_refuses_a_shifted_axis()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter8);

        Assert.StartsWith("43 test samples, largest difference 0 % fat", notebook.Claim("reloaded-predicts-identically").Evidence);
        string saved = Decode(notebook.CellContaining("TrainedModel.Of(bestRun.Model").AllText);
        Assert.Contains("model.json:", saved);
        Assert.Contains("weights.bin:", saved);
        Assert.Contains("axis 850–1048 nm (100 values); predicts fat (%)", saved);
        Assert.Contains("other instrument, column '851': spectral column 1 is 851 nm, where the model expects 850 nm",
            Decode(notebook.CellContaining("reloaded.Predict(otherInstrument)").AllText));
    }
}
