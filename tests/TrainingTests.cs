using NirNet.Data;
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
        var data = new SpectralDataset(x, y, Enumerable.Range(1, 10).Select(v => (double)v).ToArray(), "index");
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

        var together = Trainer.Compare(runs, train, validation, options);

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
