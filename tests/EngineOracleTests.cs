using NirNet.Data;
using NirNet.Engine;
using NirNet.Models;
using NirNet.Training;
using static TorchSharp.torch;

namespace NirNet.Tests;

/// <summary>
/// The core is the engine's oracle: the same networks trained one by one with the core's <see cref="Trainer.Fit"/>
/// (TorchSharp's own optimisers, one network at a time) and together with the engine's <see cref="Stacked.Compare"/>
/// (stacked batched matmuls, the fused Adam) must follow the same path: every epoch's losses, the stops, the restored
/// epoch and the trained weights, to a stated tolerance.
/// </summary>
public sealed class EngineOracleTests
{
    /// <summary>
    /// Largest differences allowed between the two trainings: in any epoch's training or validation loss (absolute; the
    /// target is standardised, so the losses are of order 0.01 to 1), in any trained weight (relative to the largest
    /// weight of its layer), and in any recorded gradient norm (relative). Measured on these cases (tolerances set to 0,
    /// the failure messages read): at most 1.8e-7 on the losses, 1.9e-6 on the weights and 1.0e-5 on the gradient norms —
    /// the float32 rounding of a batched matmul against a single one, of a per-member norm against a whole-tensor one,
    /// and of the fused Adam against TorchSharp's, carried through up to 40 epochs. Each tolerance leaves a margin of
    /// about ten. A real difference of method moves far more: another visiting order moves the validation loss by more
    /// than 100 × the loss tolerance within ten epochs (the second test).
    /// </summary>
    const double LossTolerance = 2e-6, WeightTolerance = 2e-5, NormTolerance = 1e-4;

    static TrainingOptions Quiet(int epochs) => new(Epochs: epochs, BatchSize: 16, LearningRate: 0.01, ProgressLines: 0, Seed: 3);

    public static TheoryData<string> Cases => ["relu", "sigmoid", "relu and sigmoid together", "full batch", "sgd with momentum", "adamw", "early stopping"];

    static (MlpRun[] Runs, TrainingOptions Options) Case(string name)
    {
        int[] hidden = [16, 8];
        MlpRun[] Seeds(string activation) => [.. new[] { 1, 2, 3 }.Select(seed => new MlpRun(hidden, activation, seed))];
        return name switch
        {
            "relu" => (Seeds("relu"), Quiet(30)),
            "sigmoid" => (Seeds("sigmoid"), Quiet(30)),
            "relu and sigmoid together" => ([new MlpRun(hidden, "sigmoid", 4), new MlpRun(hidden, "relu", 5), new MlpRun(hidden, "relu", 6)],
                Quiet(30) with { RecordGradientNorms = true }),
            "full batch" => (Seeds("tanh"), Quiet(30) with { BatchSize = 0 }),
            "sgd with momentum" => (Seeds("relu"), Quiet(30) with { Optimizer = "sgd", Momentum = 0.9, Schedule = LearningRateSchedule.Cosine() }),
            "adamw" => (Seeds("relu"), Quiet(30) with { Optimizer = "adamw", WeightDecay = 0.1 }),
            "early stopping" => ([.. Seeds("relu"), .. Seeds("sigmoid")], Quiet(40) with { LearningRate = 0.05, EarlyStoppingPatience = 3 }),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_engine_trains_each_network_as_Fit_trains_it_alone(string name)
    {
        var (train, validation) = TrainingTests.Tiny();
        var (runs, options) = Case(name);

        var together = Stacked.Compare(runs, train, validation, options);

        double lossGap = 0, weightGap = 0, normGap = 0;
        foreach (var (run, engine, stacked) in runs.Zip(together.Histories, together.Models))
        {
            var alone = Networks.Mlp(train.WavelengthCount, run.Hidden, run.Activation, run.Seed);
            var core = Trainer.Fit(alone, train, validation, options with { Seed = run.Seed });
            Assert.Equal(core.Epochs, engine.Epochs);
            Assert.Equal(core.StopReason, engine.StopReason);
            Assert.Equal(core.RestoredEpoch, engine.RestoredEpoch);
            Assert.Equal(core.LearningRate, engine.LearningRate);
            Assert.Equal(core.GradientNorms.Count, engine.GradientNorms.Count);
            for (int e = 0; e < core.Epochs; e++)
                lossGap = Math.Max(lossGap, Math.Max(Math.Abs(core.TrainingLoss[e] - engine.TrainingLoss[e]),
                    Math.Abs(core.ValidationLoss[e] - engine.ValidationLoss[e])));
            for (int e = 0; e < core.GradientNorms.Count; e++)
                for (int layer = 0; layer < core.GradientNorms[e].Length; layer++)
                    normGap = Math.Max(normGap, Math.Abs(core.GradientNorms[e][layer] - engine.GradientNorms[e][layer]) / core.GradientNorms[e][layer]);
            using var noGrad = no_grad();
            foreach (var (p, q) in alone.parameters().Zip(stacked.parameters()))
                weightGap = Math.Max(weightGap, (p - q).abs().max().item<float>() / p.abs().max().item<float>());
        }

        Assert.True(lossGap <= LossTolerance && weightGap <= WeightTolerance && normGap <= NormTolerance,
            $"{name}: largest loss difference {lossGap:G3} (allowed {LossTolerance:G3}), largest relative weight difference {weightGap:G3} " +
            $"(allowed {WeightTolerance:G3}) and gradient-norm difference {normGap:G3} (allowed {NormTolerance:G3})");
    }

    [Fact]
    public void The_oracle_comparison_sees_a_change_of_method()
    {
        // Fit with another visiting order than the engine's run: the comparison above must see it.
        var (train, validation) = TrainingTests.Tiny();
        var run = new MlpRun([16, 8], "relu", 1);
        var engine = Stacked.Compare([run], train, validation, Quiet(10)).Histories[0];

        var core = Trainer.Fit(Networks.Mlp(10, run.Hidden, run.Activation, run.Seed), train, validation, Quiet(10) with { Seed = 2 });

        Assert.True(core.ValidationLoss.Zip(engine.ValidationLoss).Max(p => Math.Abs(p.First - p.Second)) > 100 * LossTolerance);
    }
}
