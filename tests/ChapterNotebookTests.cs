using System.Text.RegularExpressions;

namespace NirNet.Tests;

/// <summary>The chapters' teaching claims, asserted on the outputs of the executed notebooks.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed partial class ChapterNotebookTests
{
    const string Chapter1 = "01-dnn-spectral-regression.dib";
    const string Chapter2 = "02-activation-functions.dib";
    const string Chapter3 = "03-optimizers.dib";
    const string Chapter4 = "04-learning-rate.dib";
    const string Chapter5 = "05-architecture.dib";
    const string Chapter6 = "06-cnn-spectra.dib";
    const string Chapter7 = "07-real-spectra-pls.dib";

    [Theory]
    [InlineData(Chapter1)]
    [InlineData(Chapter2)]
    [InlineData(Chapter3)]
    [InlineData(Chapter4)]
    [InlineData(Chapter5)]
    [InlineData(Chapter6)]
    [InlineData(Chapter7)]
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
        Assert.Matches(@"<td>0\.\d+</td><td>0\.\d+</td><td>0\.\d+</td><td>\d\.\d+</td>", notebook.CellContaining("RegressionMetrics.Of(").AllText);
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

    [Fact]
    public async Task Chapter3_hand_written_rules_match_TorchSharp_and_the_paths_are_drawn_on_the_surface()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter3);

        string paths = notebook.CellContaining("Charts.OptimizerPaths(").AllText;
        Assert.Contains("\"type\":\"contour\"", paths);
        foreach (var name in new[] { "SGD, η = 0.9", "momentum, η = 0.1, β = 0.9", "RMSprop, η = 0.1", "Adam, η = 0.5" })
            Assert.Contains(name, Decode(paths));
        double gap = Number(notebook.CellContaining("largestGap < 1e-9").AllText, @"50 steps: ([0-9.E+-]+)\)");
        Assert.True(gap < 1e-9, $"largest gap {gap}");
        Assert.Contains("(-7.500000, 1.500000)", notebook.CellContaining("adamFirst").AllText);
    }

    [Fact]
    public async Task Chapter3_compares_five_optimisers_over_five_seeds_with_speed_and_failures_reported()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter3);

        string table = notebook.CellContaining("optimizers.Table(").AllText;
        foreach (var optimizer in new[] { "sgd", "sgd + momentum", "rmsprop", "adam", "adamw" })
            Assert.Contains($"<td>{optimizer}</td><td>5</td>", Decode(table));
        string speed = notebook.CellContaining("EpochsTo(\"sgd + momentum\") * 3").AllText;
        Assert.True(Number(speed, @"sgd \+ momentum (\d+)") * 3 <= Number(speed, @"sgd (\d+),"), speed);
        Assert.Contains("dead runs: rmsprop, seed 3, adam, seed 3, adamw, seed 3", Decode(notebook.CellContaining("adaptiveAllLoseSeed3").AllText));
        Assert.Contains("median of 5 seeds", notebook.CellContaining("optimizers.Chart(validation: false").AllText);
    }

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

    [Fact]
    public async Task Chapter5_shows_over_and_under_fitting_and_tests_only_the_architecture_chosen_on_validation()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter5);

        Assert.Contains("120321", notebook.CellContaining("ModelSummary.Of(Networks.Mlp(wavelengths, h)").AllText);
        Assert.Contains("\"dash\":\"dash\"", notebook.CellContaining("Charts.TrainingAndValidation(fits.Histories").AllText);
        string chosen = Decode(notebook.CellContaining("var chosen =").AllText);
        string group = Regex.Match(chosen, @"chosen: (\S+) \(").Groups[1].Value;
        Assert.NotEmpty(group);
        string test = Decode(notebook.CellContaining("search.Subset(chosen.Group)").AllText);
        Assert.Contains($"<td>{group}</td>", test);
        Assert.Single(Regex.Matches(test, "<tr><td>"));
        Assert.Contains("early stopping", Decode(notebook.CellContaining("remedies.Table(").AllText));
    }

    [Fact]
    public async Task Chapter5_compares_with_the_test_R2_that_chapter1_prints()
    {
        var first = await Notebooks.ExecuteWithoutErrorsAsync(Chapter1);
        var architecture = await Notebooks.ExecuteWithoutErrorsAsync(Chapter5);

        double printed = Number(Decode(first.CellContaining("explains most of the variance").AllText), @"test R² = ([0-9.]+)");
        double used = Number(architecture.CellContaining("const double chapter1TestR2").Source, @"chapter1TestR2 = ([0-9.]+);");
        Assert.Equal(printed, used, 3);
    }

    [Fact]
    public async Task Chapter6_uses_chapter5s_choice_as_its_baseline_and_reports_test_metrics_over_five_seeds()
    {
        var architecture = await Notebooks.ExecuteWithoutErrorsAsync(Chapter5);
        var cnn = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);

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
        Assert.Contains("0.0E+000", cnn.CellContaining("shiftedResponse").AllText);
    }

    [Fact]
    public async Task Chapter1_ends_with_the_PLS_baseline_on_the_same_split_and_on_the_log_of_SOM()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter1);

        string pls = Decode(notebook.CellContaining("PlsRegression.ChooseComponents(split.Train").AllText);
        Assert.Matches(@"PLS, \d+ components: RMSE 0\.\d+", pls);
        Assert.Matches(@"network: +RMSE 0\.\d+", pls);
        string claim = Decode(notebook.CellContaining("logNetMetrics.Rmse < metrics.Rmse").AllText);
        Assert.True(Number(claim, @"PLS on log\(SOM\) ([0-9.]+)") < Number(claim, @"network on SOM ([0-9.]+)"), claim);
    }

    [Fact]
    public async Task Chapter5_puts_PLS_beside_the_networks_on_the_validation_set()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter5);

        string table = Decode(notebook.CellContaining("new MetricsTable([.. onValidation.Rows").AllText);
        Assert.Matches(@"<td>PLS on SOM \(\d+ components\)</td><td>1</td>", table);
        Assert.Matches(@"<td>PLS on log\(SOM\) \(\d+ components\)</td><td>1</td>", table);
        Assert.Contains("<td>256-256</td><td>3</td>", table);
    }

    [Fact]
    public async Task Chapter7_loads_Tecator_in_three_lines_and_tests_PLS_and_every_network_on_every_input()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter7);

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
        string versus = notebook.CellContaining("networkChosen.Rmse * 2.5 < plsChosen.Rmse").AllText;
        Assert.True(Number(versus, @"on [^;]+ ([0-9.]+) % fat\)") * 2.5 < Number(versus, @"PLS on [^ ]+ ([0-9.]+) % fat"), versus);
        var charts = notebook.CellContaining("Charts.PredictedVsMeasured(testFat").Outputs
            .Count(o => o.Data.TryGetValue("text/html", out var html) && html.Contains("renderPlotly", StringComparison.Ordinal));
        Assert.Equal(2, charts);
        double sgdSigmoid = Number(notebook.CellContaining("LowestFinal(\"SGD, sigmoid\") > 0.9").AllText, @"sigmoid ([0-9.]+) at best");
        Assert.True(sgdSigmoid > 0.9, $"the best sigmoid run with SGD ended at training loss {sgdSigmoid}");
    }

    static string Decode(string html) => System.Net.WebUtility.HtmlDecode(html);

    static double Number(string text, string pattern)
    {
        var match = Regex.Match(Decode(text), pattern);
        Assert.True(match.Success, $"no match for {pattern} in: {text}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
