using NirNet.Data;
using NirNet.Engine;
using NirNet.Models;
using NirNet.Training;

namespace NirNet.Tests;

public sealed class TrainingTests
{
    /// <summary>A small smooth regression problem: 10 "wavelengths", target a non-linear function of them.</summary>
    internal static (SpectralDataset Train, SpectralDataset Validation) Tiny(int samples = 64)
    {
        var random = new Random(7);
        var x = new float[samples, 10];
        var y = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            for (int j = 0; j < 10; j++) x[i, j] = (float)(random.NextDouble() * 2 - 1);
            y[i] = (float)(Math.Sin(2 * x[i, 0]) + x[i, 1] * x[i, 2]);
        }
        var data = new SpectralDataset(x, y, Enumerable.Range(1, 10).Select(v => (double)v).ToArray(), SpectralAxisUnit.Index);
        var split = data.Split(0.25, 0.1, seed: 1);
        return (split.Train, split.Validation);
    }

    static TrainingOptions Quiet(int epochs) => new(Epochs: epochs, BatchSize: 16, LearningRate: 0.01, ProgressLines: 0, Seed: 3);

    [Fact]
    public void Loss_goes_down_on_a_tiny_problem()
    {
        var (train, validation) = Tiny();
        var net = Networks.Mlp(10, [16, 16], "tanh", seed: 1);

        var history = Trainer.Fit(net, train, validation, Quiet(60));

        Assert.Equal(60, history.Epochs);
        Assert.True(history.TrainingLoss[^1] < history.TrainingLoss[0] / 4, history.ToString());
        Assert.True(history.ValidationLoss[^1] < history.ValidationLoss[0], history.ToString());
    }

    [Fact]
    public void Same_seed_gives_identical_histories()
    {
        var (train, validation) = Tiny();

        var a = Trainer.Fit(Networks.Mlp(10, [16], "relu", seed: 2), train, validation, Quiet(20));
        var b = Trainer.Fit(Networks.Mlp(10, [16], "relu", seed: 2), train, validation, Quiet(20));

        Assert.Equal(a.TrainingLoss, b.TrainingLoss);
        Assert.Equal(a.ValidationLoss, b.ValidationLoss);
    }

    [Fact]
    public void A_diverging_run_stops_and_names_the_epoch()
    {
        var (train, validation) = Tiny();
        var options = Quiet(50) with { Optimizer = "sgd", LearningRate = 1e4 };

        var history = Trainer.Fit(Networks.Mlp(10, [16], "relu", seed: 1), train, validation, options);

        Assert.NotNull(history.DivergedAtEpoch);
        Assert.True(history.Epochs < 50);
        Assert.Equal(history.DivergedAtEpoch, history.Epochs);
        Assert.Contains($"diverged at epoch {history.DivergedAtEpoch}", history.StopReason);
    }

    [Fact]
    public void Compare_trains_each_member_exactly_as_Fit_trains_it_alone()
    {
        var (train, validation) = Tiny();
        int[] hidden = [16, 8];
        var runs = new[] { new MlpRun(hidden, "sigmoid", 4), new MlpRun(hidden, "relu", 5), new MlpRun(hidden, "relu", 6) };
        var options = Quiet(15) with { RecordGradientNorms = true };

        var together = Stacked.Compare(runs, train, validation, options);

        foreach (var (run, history, model) in runs.Zip(together.Histories, together.Models))
        {
            var alone = Networks.Mlp(10, hidden, run.Activation, run.Seed);
            var reference = Trainer.Fit(alone, train, validation, options with { Seed = run.Seed });
            Assert.Equal(reference.TrainingLoss.Count, history.TrainingLoss.Count);
            for (int e = 0; e < reference.Epochs; e++)
            {
                Assert.Equal(reference.TrainingLoss[e], history.TrainingLoss[e], 1e-4);
                Assert.Equal(reference.ValidationLoss[e], history.ValidationLoss[e], 1e-4);
            }
            Assert.Equal(reference.GradientNorms[0], history.GradientNorms[0], new Tolerance(1e-3));
            foreach (var (p, q) in alone.parameters().Zip(model.parameters()))
                Assert.True(p.allclose(q, rtol: 1e-3, atol: 1e-4), $"{run.Label}: trained weights differ");
        }
    }

    [Fact]
    public void Early_stopping_keeps_the_best_weights()
    {
        var (train, validation) = Tiny();
        var net = Networks.Mlp(10, [64, 64], "relu", seed: 1);

        var history = Trainer.Fit(net, train, validation, Quiet(400) with { EarlyStoppingPatience = 10, LearningRate = 0.05 });

        Assert.True(history.Epochs < 400, history.ToString());
        Assert.Contains("stopped early", history.StopReason);
        var (x, y) = validation.ToTensors();
        using var noGrad = TorchSharp.torch.no_grad();
        double restored = TorchSharp.torch.nn.functional.mse_loss(net.forward(x), y).item<float>();
        Assert.Equal(history.BestValidation.Loss, restored, 1e-5);
        Assert.Equal(history.BestValidation.Epoch, history.RestoredEpoch);
        Assert.Equal(history.BestValidation.Loss, history.FinalValidationLoss);
    }

    [Fact]
    public void Repeat_trains_each_seed_exactly_as_Compare_trains_it()
    {
        var (train, validation) = Tiny();
        int[] hidden = [16, 8];
        var options = Quiet(10);

        var repeated = Trainer.Repeat(seed => Networks.Mlp(10, hidden, "relu", seed), [4, 5], train, validation, options, "small");
        var together = Stacked.Compare([new MlpRun(hidden, "relu", 4), new MlpRun(hidden, "relu", 5)], train, validation, options, group: "small");

        Assert.Equal(["small"], repeated.Groups);
        Assert.Equal(["small, seed 4", "small, seed 5"], repeated.Histories.Select(h => h.Label));
        Assert.Equal(together.Histories.Select(h => h.Label), repeated.Histories.Select(h => h.Label));
        foreach (var (a, b) in repeated.Histories.Zip(together.Histories))
            Assert.Equal(a.ValidationLoss, b.ValidationLoss, new Tolerance(1e-4));
    }

    [Fact]
    public void Early_stopping_restores_the_best_weights_also_when_the_epochs_run_out_first()
    {
        var (train, validation) = Tiny();
        var net = Networks.Mlp(10, [64, 64], "relu", seed: 1);

        var history = Trainer.Fit(net, train, validation, Quiet(40) with { EarlyStoppingPatience = 1000, LearningRate = 0.05 });

        Assert.Equal(40, history.Epochs);
        Assert.Null(history.StopReason);
        Assert.Equal(history.BestValidation.Epoch, history.RestoredEpoch);
        var (x, y) = validation.ToTensors();
        using var noGrad = TorchSharp.torch.no_grad();
        Assert.Equal(history.BestValidation.Loss, TorchSharp.torch.nn.functional.mse_loss(net.forward(x), y).item<float>(), 1e-5);
    }

    [Fact]
    public void Compare_with_early_stopping_stops_and_restores_each_member_exactly_as_Repeat_does()
    {
        var (train, validation) = Tiny();
        int[] hidden = [32, 16];
        int[] seeds = [1, 2, 3];
        var options = Quiet(300) with { LearningRate = 0.05, EarlyStoppingPatience = 8 };

        var repeated = Trainer.Repeat(seed => Networks.Mlp(10, hidden, "relu", seed), seeds, train, validation, options, "es");
        var together = Stacked.Compare(seeds.Select(seed => new MlpRun(hidden, "relu", seed)), train, validation, options, group: "es");

        Assert.True(repeated.Histories.Select(h => h.Epochs).Distinct().Count() > 1, "the members should stop at different epochs");
        var (x, _) = validation.ToTensors();
        using var noGrad = TorchSharp.torch.no_grad();
        for (int i = 0; i < seeds.Length; i++)
        {
            var (alone, stacked) = (repeated.Histories[i], together.Histories[i]);
            Assert.Equal(alone.Epochs, stacked.Epochs);
            Assert.Equal(alone.RestoredEpoch, stacked.RestoredEpoch);
            Assert.Equal(alone.StopReason, stacked.StopReason);
            Assert.Equal(alone.ValidationLoss, stacked.ValidationLoss, new Tolerance(1e-4));
            float[] a = repeated.Models[i].forward(x).data<float>().ToArray(), b = together.Models[i].forward(x).data<float>().ToArray();
            Assert.Equal(a.Select(v => (double)v), b.Select(v => (double)v), new Tolerance(1e-4));
        }
    }

    [Fact]
    public void Repeat_supports_per_run_schedules_that_Compare_refuses()
    {
        var (train, validation) = Tiny();
        var options = Quiet(300) with { LearningRate = 0.05, EarlyStoppingPatience = 5, Schedule = LearningRateSchedule.ReduceOnPlateau(0.5, 2) };

        var refused = Assert.Throws<InvalidSettingException>(() => Stacked.Compare([new MlpRun([16], "relu", 1)], train, validation, options));
        var repeated = Trainer.Repeat(seed => Networks.Mlp(10, [64, 64], "relu", seed), [1, 2], train, validation, options, "plateau");

        Assert.Equal("options", refused.Parameter);
        Assert.All(repeated.Histories, h => Assert.NotNull(h.RestoredEpoch));
        Assert.All(repeated.Histories, h => Assert.True(h.LearningRate[^1] < h.LearningRate[0], h.ToString()));
        var summary = Assert.Single(repeated.Summarize(1.0));
        Assert.Equal(repeated.Histories.Average(h => h.BestValidation.Loss), summary.FinalMean, 1e-9);
        Assert.Equal(repeated.Histories.Sum(h => h.ElapsedSeconds[^1]), summary.WallSeconds, 1e-9);
    }

    [Fact]
    public void Repeat_and_Compare_reject_missing_names_and_seeds()
    {
        var (train, validation) = Tiny();

        Assert.Equal("group", Assert.Throws<InvalidSettingException>(() => Trainer.Repeat(s => Networks.Mlp(10, [4], "relu", s), [1], train, validation, Quiet(1), " ")).Parameter);
        Assert.Equal("seeds", Assert.Throws<InvalidSettingException>(() => Trainer.Repeat(s => Networks.Mlp(10, [4], "relu", s), [], train, validation, Quiet(1), "g")).Parameter);
    }

    [Fact]
    public void Diverged_runs_are_counted_and_left_out_of_the_loss_statistics()
    {
        var (train, validation) = Tiny();
        var calm = Stacked.Compare([new MlpRun([16], "relu", 1)], train, validation, Quiet(5), group: "mixed");
        var wild = Trainer.Repeat(seed => Networks.Mlp(10, [16], "relu", seed), [2], train, validation, Quiet(5) with { Optimizer = "sgd", LearningRate = 1e4 }, "mixed");

        var summary = Assert.Single(Comparison.Merge(calm, wild).Summarize(10));

        Assert.Equal(2, summary.Runs);
        Assert.Equal(1, summary.Diverged);
        Assert.Equal(calm.Histories[0].FinalValidationLoss, summary.FinalMean, 1e-9);
        Assert.Contains("(1 diverged, left out)", Comparison.Merge(calm, wild).Table(10).ToString());
    }

    [Fact]
    public void Merge_refuses_the_same_run_twice_and_Subset_keeps_named_groups()
    {
        var (train, validation) = Tiny();
        var a = Stacked.Compare([new MlpRun([8], "relu", 1), new MlpRun([8], "tanh", 1)], train, validation, Quiet(2));

        var twice = Assert.Throws<InvalidSettingException>(() => Comparison.Merge(a, a));
        var tanh = a.Subset("tanh");

        Assert.Contains("relu, seed 1", twice.Message);
        Assert.Equal(["tanh"], tanh.Groups);
        Assert.Same(a.Models[1], Assert.Single(tanh.Models));
        Assert.Contains("no group 'gelu'", Assert.Throws<InvalidSettingException>(() => a.Subset("gelu")).Message);
    }

    [Fact]
    public void Range_test_raises_the_rate_exponentially_and_suggests_a_tenth_of_the_best()
    {
        var (train, _) = Tiny();

        var result = LearningRateRangeTest.Run(Networks.Mlp(10, [32], "relu", 1), train, Quiet(1), from: 1e-5, to: 10, steps: 100);

        Assert.Equal(1e-5, result.LearningRates[0], 1e-12);
        Assert.True(result.LearningRates.Zip(result.LearningRates.Skip(1)).All(p => Math.Abs(p.Second / p.First - Math.Pow(1e6, 1 / 99.0)) < 1e-9));
        Assert.Equal(result.LearningRates.Count, result.Losses.Count);
        Assert.NotNull(result.StopReason); // a rate of 10 blows the loss up before the last step
        Assert.True(result.LearningRates.Count < 100);
        int best = Enumerable.Range(10, result.SmoothedLosses.Count - 10).MinBy(i => result.SmoothedLosses[i]);
        Assert.Equal(result.LearningRates[best] / 10, result.Suggested, 1e-12);
    }

    [Theory]
    [InlineData(0.0, 1.0, 100, "from")]
    [InlineData(1e-3, 1e-4, 100, "to")]
    [InlineData(1e-6, 1.0, 5, "steps")]
    public void Range_test_rejects_bad_settings(double from, double to, int steps, string parameter)
    {
        var (train, _) = Tiny();

        var error = Assert.Throws<InvalidSettingException>(() => LearningRateRangeTest.Run(Networks.Mlp(10, [4], "relu", 1), train, Quiet(1), from, to, steps));

        Assert.Equal(parameter, error.Parameter);
    }

    [Fact]
    public void Step_schedule_lowers_the_learning_rate_as_recorded()
    {
        var (train, validation) = Tiny();
        var options = Quiet(6) with { LearningRate = 0.01, Schedule = LearningRateSchedule.Step(everyEpochs: 2, factor: 0.5) };

        var history = Trainer.Fit(Networks.Mlp(10, [8], "relu", seed: 1), train, validation, options);

        Assert.Equal([0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025], history.LearningRate.Select(r => Math.Round(r, 6)));
    }

    [Theory]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    [InlineData("adagrad")]
    [InlineData("sgd")]
    public void Every_optimiser_trains(string optimizer)
    {
        var (train, validation) = Tiny();
        var options = Quiet(30) with { Optimizer = optimizer, Momentum = optimizer == "sgd" ? 0.9 : 0 };

        var history = Trainer.Fit(Networks.Mlp(10, [16], "tanh", seed: 1), train, validation, options);

        Assert.True(history.TrainingLoss[^1] < history.TrainingLoss[0], $"{optimizer}: {history}");
    }

    [Theory]
    [InlineData("mse", "MSE")]
    [InlineData("mae", "MAE")]
    [InlineData("huber", "Huber")]
    public void Each_loss_trains_and_measures_what_TorchSharps_own_function_measures(string loss, string label)
    {
        var (train, validation) = Tiny();
        var net = Networks.Mlp(10, [16], "tanh", seed: 1);

        var history = Trainer.Fit(net, train, validation, Quiet(30) with { Loss = loss });

        Assert.Equal(label, history.Loss);
        Assert.True(history.TrainingLoss[^1] < history.TrainingLoss[0] / 2, history.ToString());
        var (x, y) = validation.ToTensors();
        using var noGrad = TorchSharp.torch.no_grad();
        using var prediction = net.forward(x);
        using var expected = loss switch
        {
            "mse" => TorchSharp.torch.nn.functional.mse_loss(prediction, y),
            "mae" => TorchSharp.torch.nn.functional.l1_loss(prediction, y),
            _ => TorchSharp.torch.nn.functional.huber_loss(prediction, y),
        };
        Assert.Equal(expected.item<float>(), history.ValidationLoss[^1], 1e-6);
    }

    [Fact]
    public void Compare_trains_with_the_loss_it_is_given()
    {
        var (train, validation) = Tiny();
        var options = Quiet(5) with { Loss = "mae" };

        var together = Stacked.Compare([new MlpRun([8], "relu", 1)], train, validation, options);
        var alone = Trainer.Fit(Networks.Mlp(10, [8], "relu", 1), train, validation, options with { Seed = 1 });

        Assert.Equal("MAE", together.Histories[0].Loss);
        Assert.Equal(alone.ValidationLoss, together.Histories[0].ValidationLoss, new Tolerance(1e-4));
    }

    [Fact]
    public void Each_loss_name_is_one_entry_of_one_table_and_an_unknown_one_lists_them_all()
    {
        var error = Assert.Throws<InvalidSettingException>(() => new TrainingOptions(Loss: "hinge").Validate());

        Assert.Contains("Valid names: mse, mae, huber.", error.Message);
        Assert.Equal("Huber", LossFunctions.Label(" HUBER"));
    }

    [Theory]
    [InlineData("Step", 0, 0.5, "everyEpochs")]
    [InlineData("Step", 10, 0.0, "factor")]
    [InlineData("Step", 10, 2.0, "factor")]
    [InlineData("Exponential", 0, -0.9, "factor")]
    [InlineData("Exponential", 0, double.NaN, "factor")]
    [InlineData("Cosine", 0, -1e-3, "minimum")]
    [InlineData("Cosine", 0, double.PositiveInfinity, "minimum")]
    [InlineData("ReduceOnPlateau", 0, 0.5, "patience")]
    [InlineData("ReduceOnPlateau", 5, 1.5, "factor")]
    public void Schedules_refuse_settings_that_would_divide_by_zero_or_grow_the_rate(string schedule, int count, double value, string parameter)
    {
        Func<LearningRateSchedule> make = schedule switch
        {
            "Step" => () => LearningRateSchedule.Step(count, value),
            "Exponential" => () => LearningRateSchedule.Exponential(value),
            "Cosine" => () => LearningRateSchedule.Cosine(value),
            _ => () => LearningRateSchedule.ReduceOnPlateau(value, count),
        };

        Assert.Equal(parameter, Assert.Throws<InvalidSettingException>(make).Parameter);
    }

    [Fact]
    public void Merging_nothing_is_a_setting_error()
    {
        Assert.Equal("parts", Assert.Throws<InvalidSettingException>(() => Comparison.Merge()).Parameter);
    }

    [Fact]
    public void No_public_member_hands_out_a_list_a_reader_could_append_to()
    {
        var appendable = typeof(Trainer).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetProperties().Select(p => (t, p)))
            .Where(m => m.p.PropertyType.IsGenericType && m.p.PropertyType.GetGenericTypeDefinition() == typeof(List<>))
            .Select(m => $"{m.t.Name}.{m.p.Name}");

        Assert.Empty(appendable);
        var (train, validation) = Tiny();
        var history = Trainer.Fit(Networks.Mlp(10, [4], "relu", 1), train, validation, Quiet(2));
        Assert.Throws<NotSupportedException>(() => ((IList<double>)history.ValidationLoss).Add(0));
    }

    [Fact]
    public void Range_test_reports_its_stop_in_invariant_culture_and_names_its_loss()
    {
        var (train, _) = Tiny();
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var result = LearningRateRangeTest.Run(Networks.Mlp(10, [32], "relu", 1), train, Quiet(1) with { Loss = "huber" }, from: 1e-5, to: 10, steps: 100);

            Assert.Matches(@"\(learning rate [0-9.E+-]+\)", result.StopReason);
            Assert.Equal("Huber", result.Loss);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("Optimizer", "lion")]
    [InlineData("Loss", "hinge")]
    public void Unknown_names_are_clear_errors(string parameter, string value)
    {
        var (train, validation) = Tiny();
        var options = parameter == "Optimizer" ? Quiet(1) with { Optimizer = value } : Quiet(1) with { Loss = value };

        var error = Assert.Throws<InvalidSettingException>(() => Trainer.Fit(Networks.Mlp(10, [4]), train, validation, options));

        Assert.Equal(parameter, error.Parameter);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void Mismatched_widths_are_a_clear_error_not_a_native_crash()
    {
        var (train, validation) = Tiny();
        var narrow = new SpectralDataset(new float[3, 4], [1, 2, 3], [1, 2, 3, 4]);

        Assert.Throws<SpectralDataException>(() => Trainer.Fit(Networks.Mlp(10, [4]), train, narrow, Quiet(1)));
    }

    sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(a));
        public int GetHashCode(double value) => 0;
    }
}
