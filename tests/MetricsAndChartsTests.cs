using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NirNet.Data;
using NirNet.Engine;
using NirNet.Models;
using NirNet.Training;

namespace NirNet.Tests;

public sealed class MetricsAndChartsTests
{
    [Fact]
    public void Metrics_match_hand_computed_values()
    {
        // measured 1, 2, 3, 4; predicted 1.5, 2, 2.5, 5: errors 0.5, 0, −0.5, 1
        var m = RegressionMetrics.Of([1f, 2f, 3f, 4f], [1.5f, 2f, 2.5f, 5f]);

        Assert.Equal(Math.Sqrt(1.5 / 4), m.Rmse, 10);            // (0.25 + 0 + 0.25 + 1) / 4
        Assert.Equal(0.5, m.Mae, 10);                             // (0.5 + 0 + 0.5 + 1) / 4
        Assert.Equal(1 - 1.5 / 5.0, m.R2, 10);                    // total sum of squares 5
        Assert.Equal(Math.Sqrt(5.0 / 3) / Math.Sqrt(1.5 / 4), m.Rpd, 10);
        Assert.Equal(0.25, m.Bias, 10);
        Assert.Equal(4, m.Count);
    }

    [Fact]
    public void Metrics_refuse_mismatched_lengths()
    {
        Assert.Throws<InvalidSettingException>(() => RegressionMetrics.Of([1f, 2f], [1f]));
    }

    [Fact]
    public void Predictions_come_back_in_the_targets_units()
    {
        var scaler = StandardScaler.Fit([10f, 20f, 30f]);
        var net = Networks.Mlp(2, [], "linear", seed: 1); // a single linear unit
        using (TorchSharp.torch.no_grad())
            foreach (var p in net.parameters()) p.zero_();
        var scaled = new SpectralDataset(new float[,] { { 1, 2 }, { 3, 4 } }, [0, 0], [1, 2]);

        float[] predicted = RegressionMetrics.Predict(net, scaled, scaler);

        Assert.Equal([20f, 20f], predicted); // output 0 on the scaled axis is the training mean
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Predict_leaves_the_model_in_the_mode_it_found_it_in(bool training)
    {
        var scaler = StandardScaler.Fit([10f, 20f, 30f]);
        var net = Networks.Mlp(2, [4], "relu", seed: 1, dropout: 0.5);
        var scaled = new SpectralDataset(new float[,] { { 1, 2 }, { 3, 4 } }, [0, 0], [1, 2]);
        net.train(training);

        float[] first = RegressionMetrics.Predict(net, scaled, scaler), second = RegressionMetrics.Predict(net, scaled, scaler);

        Assert.Equal(training, net.training);
        Assert.Equal(first, second); // no dropout while predicting
    }

    [Fact]
    public void Loss_charts_name_the_loss_the_runs_were_trained_with()
    {
        var (train, validation) = TrainingTests.Tiny();
        var options = new TrainingOptions(Epochs: 3, ProgressLines: 0, Loss: "mae");
        var mae = Stacked.Compare([new MlpRun([8], "relu", 1), new MlpRun([8], "relu", 2)], train, validation, options);
        var mse = Stacked.Compare([new MlpRun([8], "tanh", 1)], train, validation, options with { Loss = "mse" });

        string[] charts =
        [
            Charts.ToHtml(mae.Chart()),
            Charts.ToHtml(Charts.TrainingAndValidation(mae.Histories)),
            Charts.ToHtml(Charts.LearningRateAndLoss(mae.Histories)),
            Charts.ToHtml(Charts.Losses(mae.Histories[0])),
            Charts.ToHtml(Charts.RangeTest(LearningRateRangeTest.Run(Networks.Mlp(10, [8], "relu", 1), train, options, steps: 20))),
        ];

        Assert.All(charts, html => Assert.Contains("MAE, scaled target", html));
        Assert.All(charts, html => Assert.DoesNotContain("MSE", html));
        Assert.Contains("validation loss (MAE, scaled target)", charts[0]);
        Assert.Contains("training loss (MSE, scaled target)", Charts.ToHtml(mse.Chart(validation: false)));
        Assert.Contains("mixes losses (MAE, MSE)", Assert.Throws<InvalidSettingException>(() => Charts.LossCurves(Comparison.Merge(mae, mse).Histories)).Message);
    }

    [Fact]
    public void Numbers_in_charts_use_the_invariant_culture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var data = new SpectralDataset(new float[,] { { 1, 2 } }, [2.25f], [1100, 1102], targetName: "Brix", targetUnit: "°Bx");
            var result = new RangeTestResult([1e-3, 1e-2], [1.0, 0.5], [1.0, 0.5], 0.0025, null, "MSE");

            Assert.Contains("Brix 2.25 °Bx", Charts.ToHtml(Charts.Spectra(data)));
            Assert.Contains("suggested 0.0025", Charts.ToHtml(Charts.RangeTest(result)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Activation_chart_has_one_trace_per_function()
    {
        string html = Charts.ToHtml(Charts.Activations(["sigmoid", "tanh"], derivative: true));

        Assert.Contains("\"name\":\"sigmoid\"", html);
        Assert.Contains("\"name\":\"tanh\"", html);
        Assert.Contains("f′(x)", html);
    }

    [Fact]
    public void Loss_chart_is_logarithmic_with_a_band_per_group_of_seeds()
    {
        var runs = new[] { 1, 2 }.SelectMany(seed => new[] { Run("relu", seed, Falling(50, seed)), Run("sigmoid", seed, Falling(50, 2 * seed)) });

        string html = Charts.ToHtml(Charts.LossCurves(runs));

        Assert.Contains("\"type\":\"log\"", html);
        Assert.Contains("relu (median of 2 seeds)", html);
        Assert.Contains("sigmoid (median of 2 seeds)", html);
        Assert.Contains("\"fill\":\"tonexty\"", html);
    }

    /// <summary>A run that recorded the given losses (validation = training unless given), as the training loop records them.</summary>
    static TrainingHistory Run(string group, int seed, IEnumerable<double> training, IEnumerable<double>? validation = null, string loss = "mse",
        Func<int, double>? rate = null)
    {
        var history = new TrainingHistory($"{group}, seed {seed}", group, seed, loss);
        var t = training.ToList();
        var v = (validation ?? t).ToList();
        for (int e = 0; e < t.Count; e++) history.Record(t[e], v[e], rate?.Invoke(e + 1) ?? 0.001, e);
        return history;
    }

    /// <summary>A loss that falls from about 1 towards <c>0.05 × scale</c>.</summary>
    static IEnumerable<double> Falling(int epochs, double scale = 1) => Enumerable.Range(1, epochs).Select(e => scale * 0.05 + 1.0 / e);

    /// <summary>The traces of a chart, read back from its HTML.</summary>
    static List<JsonElement> Traces(string html) =>
        JsonDocument.Parse(Regex.Match(html, @"var data = (\[.*?\]);\s*var layout", RegexOptions.Singleline).Groups[1].Value).RootElement.EnumerateArray().ToList();

    static JsonElement Trace(string html, string name) => Traces(html).Single(t => t.GetProperty("name").GetString() == name);

    static double[] Ys(JsonElement trace) => trace.GetProperty("y").EnumerateArray().Select(y => y.GetDouble()).ToArray();

    static JsonElement Layout(string html) =>
        JsonDocument.Parse(Regex.Match(html, @"var layout = (\{.*?\});\s*var config", RegexOptions.Singleline).Groups[1].Value).RootElement;

    [Fact]
    public void A_run_has_failed_when_it_diverged_or_its_training_loss_stayed_near_the_loss_of_predicting_the_mean()
    {
        var diverged = Run("adam", 1, Falling(10).Append(double.NaN));
        diverged.DivergedAtEpoch = 11;

        Assert.False(Run("relu", 1, Falling(100)).Failed);
        Assert.True(Run("relu", 2, Enumerable.Repeat(1.0, 100)).Failed);                  // stuck at the mean: MSE 1
        Assert.True(Run("relu", 3, Falling(100).Append(0.5)).Failed);                      // learnt, then died: judged at the end
        Assert.True(diverged.Failed);
        Assert.True(Run("relu", 4, Enumerable.Repeat(0.45, 100), loss: "mae").Failed);     // MAE of the mean ≈ 0.8
        Assert.False(Run("relu", 5, Enumerable.Repeat(0.3, 100), loss: "mae").Failed);
    }

    [Fact]
    public void A_dead_run_is_drawn_apart_as_a_named_dotted_line_and_left_out_of_the_median_and_the_band()
    {
        var runs = new[] { 1, 2, 3, 4 }.Select(seed => Run("relu", seed, Falling(200, seed))).Append(Run("relu", 5, Enumerable.Repeat(1.0, 200)));

        string html = Charts.ToHtml(Charts.LossCurves(runs));

        var dead = Trace(html, "relu, seed 5: stuck");
        Assert.Equal("dot", dead.GetProperty("line").GetProperty("dash").GetString());
        Assert.True(dead.GetProperty("showlegend").GetBoolean());
        Assert.Contains("relu (median of 4 seeds)", html);
        Assert.True(Ys(Trace(html, "relu: highest live run")).Skip(10).Max() < 0.5, "the band spans live runs only");
        Assert.Equal(Falling(200, 2.5).ElementAt(99), Ys(Trace(html, "relu (median of 4 seeds)"))[99], 10);
    }

    [Fact]
    public void Noisy_losses_are_smoothed_by_a_running_median_the_axis_states_and_smoothing_1_draws_them_raw()
    {
        var spiky = Falling(1000).Select((loss, i) => i % 10 == 5 ? loss * 10 : loss).ToList();
        var runs = new[] { Run("relu", 1, spiky), Run("relu", 2, spiky) };

        string smoothed = Charts.ToHtml(Charts.LossCurves(runs));
        string raw = Charts.ToHtml(Charts.LossCurves(runs, smoothing: 1));

        Assert.Contains("Each run smoothed by a running median over 21 epochs", smoothed);
        double Spikiest(string html) => Ys(Trace(html, "relu (median of 2 seeds)")).Zip(Falling(1000), (drawn, trend) => drawn / trend).Skip(100).Max();
        Assert.InRange(Spikiest(smoothed), 1, 1.05);   // the spikes are gone: at most an epoch or two off the trend
        Assert.InRange(Spikiest(raw), 9.99, 10.01);   // drawn to four significant digits
        Assert.All(Ys(Trace(raw, "relu (median of 2 seeds)")), y => Assert.Equal(y.ToString("G4", CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture)));
        Assert.DoesNotContain("running median", raw);
        Assert.Equal([3.0, 2, 2, 3, 4, 3, 2], Statistics.RunningMedian([5, 1, 2, 100, 3, 4, 0], 3));   // at the ends: [5, 1] and [4, 0]
        Assert.Equal([1.0, 2, 3], Statistics.RunningMedian([1, double.NaN, 3], 3));
    }

    [Fact]
    public void More_than_three_groups_are_drawn_as_small_multiples_on_shared_axes_with_grey_references()
    {
        string[] groups = ["sgd", "momentum", "rmsprop", "adam", "adamw"];
        var runs = groups.SelectMany((g, i) => new[] { 1, 2 }.Select(seed => Run(g, seed, Falling(100, i + seed))));

        string many = Charts.ToHtml(Charts.LossCurves(runs));
        string few = Charts.ToHtml(Charts.LossCurves(runs.Where(h => h.Group is "sgd" or "adam" or "adamw")));

        var layout = Layout(many);
        var ranges = Enumerable.Range(1, 5).Select(i => layout.GetProperty(i == 1 ? "yaxis" : $"yaxis{i}").GetProperty("range").ToString()).Distinct();
        Assert.Single(ranges);
        Assert.All(groups, g => Assert.Contains($"\"text\":\"{g}\"", many));   // each panel titled by its group
        Assert.Equal(5 * 4, Traces(many).Count(t => t.GetProperty("name").GetString()!.EndsWith("(median)")));
        Assert.DoesNotContain("\"yaxis2\"", few);
    }

    [Fact]
    public void Runs_that_stop_at_different_epochs_are_drawn_to_the_longest_with_the_median_of_those_still_running()
    {
        var runs = new[] { 40, 60, 80 }.Select((epochs, i) => Run("early stopping", i + 1, Falling(epochs, i + 1)));

        string html = Charts.ToHtml(Charts.LossCurves(runs));

        var median = Ys(Trace(html, "early stopping (median of 3 seeds)"));
        Assert.Equal(80, median.Length);
        Assert.Equal((Falling(60, 2).ElementAt(49) + Falling(80, 3).ElementAt(49)) / 2, median[49], 12);
        Assert.Equal(Falling(80, 3).Last(), median[^1], 12);
        Assert.Equal(80, Ys(Trace(html, "early stopping: highest live run")).Length);
    }

    [Fact]
    public void Loss_charts_use_the_notebooks_width_with_one_legend_entry_per_group_below_the_plot()
    {
        var runs = new[] { "relu", "sigmoid" }.SelectMany(g => new[] { 1, 2, 3, 4, 5 }.Select(seed => Run(g, seed, Falling(100, seed))))
            .Append(Run("relu", 6, Enumerable.Repeat(1.0, 100))).Append(Run("relu", 7, Enumerable.Repeat(1.0, 100)));

        string html = Charts.ToHtml(Charts.LossCurves(runs));

        var entries = Traces(html).Where(t => t.GetProperty("showlegend").GetBoolean()).Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(["relu (median of 5 seeds)", "relu, seeds 6, 7: stuck", "sigmoid (median of 5 seeds)"], entries);
        var layout = Layout(html);
        Assert.Equal(900, layout.GetProperty("width").GetInt32());
        Assert.Equal("h", layout.GetProperty("legend").GetProperty("orientation").GetString());
    }

    [Fact]
    public void Spectra_chart_uses_the_wavelength_axis_in_nm()
    {
        var data = Datasets.SimulatedSoil();

        string html = Charts.ToHtml(Charts.Spectra(data, count: 3));

        Assert.Contains("wavelength (nm)", html);
        Assert.Contains("soil-001", html);
        Assert.DoesNotContain("soil-004", html);
    }

    [Fact]
    public void Predicted_vs_measured_chart_has_points_the_identity_line_and_metrics_in_the_title()
    {
        string html = Charts.ToHtml(Charts.PredictedVsMeasured([1f, 2f, 3f], [1.1f, 1.9f, 3.2f], "SOM (%)"));

        Assert.Contains("test samples", html);
        Assert.Contains("1:1 line", html);
        Assert.Contains("RPD", html);
        Assert.Contains("measured SOM (%)", html);
    }

    [Fact]
    public void Gradient_chart_needs_recorded_norms()
    {
        var (train, validation) = TrainingTests.Tiny();
        var plain = Stacked.Compare([new MlpRun([8, 8], "relu", 1)], train, validation, new TrainingOptions(Epochs: 1, ProgressLines: 0));
        var recorded = Stacked.Compare([new MlpRun([8, 8], "relu", 1)], train, validation, new TrainingOptions(Epochs: 1, ProgressLines: 0, RecordGradientNorms: true));

        Assert.Throws<InvalidSettingException>(() => Charts.GradientNorms(plain.Histories));
        Assert.Equal(3, recorded.Histories[0].GradientNorms[0].Length);
        Assert.Contains("\"type\":\"log\"", Charts.ToHtml(Charts.GradientNorms(recorded.Histories)));
    }

    [Fact]
    public void Charts_save_as_standalone_html_with_plotly_embedded()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nirnet-chart-{Guid.NewGuid():N}.html");
        try
        {
            Charts.SaveHtml(Charts.Activations(["relu"]), path);
            string html = File.ReadAllText(path);
            Assert.DoesNotContain("https://cdn.plot.ly/plotly-", html);
            Assert.True(html.Length > 1_000_000, "plotly.js should be embedded");
        }
        finally
        {
            File.Delete(path);
        }
    }
    [Fact]
    public void Evaluate_gives_each_groups_metrics_in_target_units_with_mean_and_spread()
    {
        var (train, validation) = TrainingTests.Tiny();
        var targetScaler = StandardScaler.Fit(train.Target);
        var comparison = Stacked.Compare([new MlpRun([8], "relu", 1), new MlpRun([8], "relu", 2), new MlpRun([8], "tanh", 1)], train, validation,
            new TrainingOptions(Epochs: 3, ProgressLines: 0));

        var table = comparison.Evaluate(validation, targetScaler);

        var relu = table["relu"];
        Assert.Equal(2, relu.Runs.Count);
        var measured = targetScaler.InverseTransform(validation.Target);
        var first = RegressionMetrics.Of(measured, RegressionMetrics.Predict(comparison.Models[0], validation, targetScaler));
        Assert.Equal(first.Rmse, relu.Runs[0].Rmse, 1e-6);
        var (mean, sd) = relu.Of(m => m.Rmse);
        Assert.Equal((relu.Runs[0].Rmse + relu.Runs[1].Rmse) / 2, mean, 1e-9);
        Assert.Equal(Math.Abs(relu.Runs[0].Rmse - relu.Runs[1].Rmse) / Math.Sqrt(2), sd, 1e-9);
        Assert.Equal(0, table["tanh"].Of(m => m.R2).StandardDeviation);
        Assert.Contains("<td>tanh</td>", ((IHtmlDisplay)table).ToHtml());
        Assert.Contains("no group 'elu'", Assert.Throws<InvalidSettingException>(() => table["elu"]).Message);
    }

    [Fact]
    public void Optimizer_paths_chart_draws_visible_contour_lines_under_one_line_per_path()
    {
        var path = new List<(double X, double Y)> { (-1, 1), (0, 0) };

        string html = Charts.ToHtml(Charts.OptimizerPaths((x, y) => x * x + y * y, (-2, 2), (-2, 2), [("first", path), ("second", path)]));

        Assert.Contains("\"type\":\"contour\"", html);
        Assert.Contains("\"line\":{\"width\":1.0}", html); // Plotly.NET's default width 0 would hide the lines
        Assert.Contains("\"name\":\"first\"", html);
        Assert.Contains("\"name\":\"second\"", html);
    }

    [Fact]
    public void Learning_rate_chart_stacks_the_rate_above_the_loss_and_range_test_chart_marks_the_suggestion()
    {
        var (train, _) = TrainingTests.Tiny();
        var options = new TrainingOptions(Epochs: 4, ProgressLines: 0);
        var runs = new[] { 1, 2 }.Select(seed => Run("step", seed, Falling(40), Falling(40, 2), rate: e => e <= 20 ? 0.01 : 0.001)).ToList();

        string rates = Charts.ToHtml(Charts.LearningRateAndLoss(runs));
        string range = Charts.ToHtml(Charts.RangeTest(LearningRateRangeTest.Run(Networks.Mlp(10, [8], "relu", 1), train, options, steps: 20)));
        string fit = Charts.ToHtml(Charts.TrainingAndValidation(runs));
        string columns = Charts.ToHtml(Charts.LearningRateAndLoss(new[] { "a", "b", "c", "d" }.Select(g => Run(g, 1, Falling(40)))));

        Assert.Contains("\"yaxis2\"", rates);
        Assert.Contains("step learning rate", rates);
        Assert.Contains("step (median of 2 seeds)", rates);
        Assert.Contains("suggested", range);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(range, "\"type\":\"log\"").Count);
        Assert.Contains("step training (median of 2 seeds)", fit);
        Assert.Contains("step validation (median of 2 seeds)", fit);
        Assert.Contains("\"dash\":\"dash\"", fit);
        Assert.Contains("\"yaxis8\"", columns);                      // four columns: the rate above the loss of each group
        Assert.Equal(4, Traces(columns).Count(t => t.GetProperty("showlegend").GetBoolean()));
    }

    [Fact]
    public void Filter_chart_shows_each_first_layer_filter_over_the_wavelength_offset()
    {
        string html = Charts.ToHtml(Charts.FirstLayerFilters(Networks.Cnn1d(50, [3], kernelSize: 5, seed: 1), wavelengthStep: 10));

        Assert.Contains("filter 3", html);
        Assert.DoesNotContain("filter 4", html);
        Assert.Contains("[-20.0,-10.0,0.0,10.0,20.0]", html);
        Assert.Equal("model", Assert.Throws<InvalidSettingException>(() => Charts.FirstLayerFilters(Networks.Mlp(10, [4]), 10)).Parameter);
    }


    [Fact]
    public void Correlation_is_one_for_a_rising_line_minus_one_for_a_falling_one_and_checks_lengths()
    {
        double[] x = [1, 2, 3, 4];

        Assert.Equal(1.0, Statistics.Correlation(x, [3, 5, 7, 9]), 12);
        Assert.Equal(-1.0, Statistics.Correlation(x, [8, 6, 4, 2]), 12);
        // by hand: x − 2.5 = (−1.5, −0.5, 0.5, 1.5), y − 2 = (−1, 1, −1, 1): Σ products 2, Σx² 5, Σy² 4
        Assert.Equal(2 / Math.Sqrt(20), Statistics.Correlation(x, [1, 3, 1, 3]), 12);
        Assert.Equal("y", Assert.Throws<InvalidSettingException>(() => Statistics.Correlation(x, [1, 2])).Parameter);
    }

    [Fact]
    public void Spectra_chart_carries_its_question_as_title_when_given_one()
    {
        var data = new SpectralDataset(new float[,] { { 1, 2, 3 }, { 2, 3, 4 } }, [1, 2], [1000, 1002, 1004], targetName: "fat", targetUnit: "%");

        string titled = Charts.ToHtml(Charts.Spectra(data, title: "How do spectra differ?"));
        string plain = Charts.ToHtml(Charts.Spectra(data));

        Assert.Contains("How do spectra differ?", titled);
        int Titles(string html) => html.Split("\"title\":{\"text\"").Length - 1;
        Assert.Equal(Titles(plain) + 1, Titles(titled));
    }
}
