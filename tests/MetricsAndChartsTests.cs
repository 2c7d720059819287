using NirNet.Data;
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
        var mae = Trainer.Compare([new MlpRun([8], "relu", 1), new MlpRun([8], "relu", 2)], train, validation, options);
        var mse = Trainer.Compare([new MlpRun([8], "tanh", 1)], train, validation, options with { Loss = "mse" });

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
        var (train, validation) = TrainingTests.Tiny();
        var comparison = Trainer.Compare(
            new[] { 1, 2 }.SelectMany(seed => new[] { new MlpRun([8], "relu", seed), new MlpRun([8], "sigmoid", seed) }),
            train, validation, new TrainingOptions(Epochs: 3, ProgressLines: 0));

        string html = Charts.ToHtml(comparison.Chart());

        Assert.Contains("\"type\":\"log\"", html);
        Assert.Contains("relu (median of 2 seeds)", html);
        Assert.Contains("sigmoid (median of 2 seeds)", html);
        Assert.Contains("\"fill\":\"tonexty\"", html);
        Assert.Equal(2, comparison.Table(0.5).Rows.Count);
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
        var plain = Trainer.Compare([new MlpRun([8, 8], "relu", 1)], train, validation, new TrainingOptions(Epochs: 1, ProgressLines: 0));
        var recorded = Trainer.Compare([new MlpRun([8, 8], "relu", 1)], train, validation, new TrainingOptions(Epochs: 1, ProgressLines: 0, RecordGradientNorms: true));

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
        var comparison = Trainer.Compare([new MlpRun([8], "relu", 1), new MlpRun([8], "relu", 2), new MlpRun([8], "tanh", 1)], train, validation,
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
        var (train, validation) = TrainingTests.Tiny();
        var options = new TrainingOptions(Epochs: 4, ProgressLines: 0, Schedule: LearningRateSchedule.Step(2, 0.1));
        var comparison = Trainer.Compare([new MlpRun([8], "relu", 1), new MlpRun([8], "relu", 2)], train, validation, options, group: "step");

        string rates = Charts.ToHtml(Charts.LearningRateAndLoss(comparison.Histories));
        string range = Charts.ToHtml(Charts.RangeTest(LearningRateRangeTest.Run(Networks.Mlp(10, [8], "relu", 1), train, options, steps: 20)));
        string fit = Charts.ToHtml(Charts.TrainingAndValidation(comparison.Histories));

        Assert.Contains("\"yaxis2\"", rates);
        Assert.Contains("step learning rate", rates);
        Assert.Contains("step (median of 2 seeds)", rates);
        Assert.Contains("suggested", range);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(range, "\"type\":\"log\"").Count);
        Assert.Contains("step training (median of 2 seeds)", fit);
        Assert.Contains("step validation (median of 2 seeds)", fit);
        Assert.Contains("\"dash\":\"dash\"", fit);
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
