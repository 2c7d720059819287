using NirNet.Data;
using NirNet.Engine;
using NirNet.Models;
using NirNet.Training;
using static TorchSharp.torch;

namespace NirNet.Tests;

/// <summary>
/// <see cref="Stacked.Compare"/> splits its networks across threads, one stack per thread. Where it does, each network
/// must come out bit for bit as from one stack: every epoch's losses, the gradient norms, the stops and the weights.
/// Runs alone, as the pinned histories do: another test changes torch's thread count for a moment.
/// </summary>
[Collection(nameof(PinnedHistories))]
public sealed class TrainingInPartsTests
{
    static ScaledSplit Soil => PinnedHistoryTests.Soil.Value;

    static readonly TrainingOptions Adam = new(Epochs: 3, BatchSize: 32, Optimizer: "adam", LearningRate: 1e-3, ProgressLines: 0);

    static string InParts(IReadOnlyList<MlpRun> runs, TrainingOptions options, int parts) =>
        PinnedHistoryTests.Fingerprint(Stacked.CompareInParts(runs, Soil.Train, Soil.Validation, options, group: null, parts));

    public static TheoryData<string> Cases => ["six activations", "wide layers", "early stopping", "sgd with momentum", "rmsprop", "adagrad", "adamw"];

    static (MlpRun[] Runs, TrainingOptions Options) Case(string name) => name switch
    {
        "six activations" => ([.. new[] { "tanh", "relu", "sigmoid", "elu", "leaky_relu", "silu", "relu" }
            .Select((a, i) => new MlpRun(Networks.OriginalHiddenLayers, a, i + 1))], Adam with { RecordGradientNorms = true }),
        "wide layers" => ([.. Enumerable.Range(1, 5).Select(s => new MlpRun([512, 256], "relu", s))], Adam),
        "early stopping" => ([.. Enumerable.Range(1, 4).Select(s => new MlpRun([64, 32], s % 2 == 0 ? "relu" : "sigmoid", s))],
            Adam with { Epochs = 8, LearningRate = 0.05, EarlyStoppingPatience = 1 }),
        "sgd with momentum" => (Relu(6), Adam with { Optimizer = "sgd", LearningRate = 0.01, Momentum = 0.9, Schedule = LearningRateSchedule.Cosine() }),
        "rmsprop" => (Relu(4), Adam with { Optimizer = "rmsprop", LearningRate = 1e-4 }),
        "adagrad" => (Relu(4), Adam with { Optimizer = "adagrad", LearningRate = 0.01 }),
        _ => (Relu(4), Adam with { Optimizer = "adamw", WeightDecay = 0.1 }),
    };

    static MlpRun[] Relu(int count) => [.. Enumerable.Range(1, count).Select(s => new MlpRun(Networks.OriginalHiddenLayers, "relu", s))];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Networks_split_across_threads_train_bit_for_bit_as_in_one_stack(string name)
    {
        var (runs, options) = Case(name);
        string oneStack = InParts(runs, options, parts: 1);

        for (int parts = 2; parts <= Math.Min(3, runs.Length / 2); parts++) // at least two networks per part, as Compare splits
            Assert.Equal(oneStack, InParts(runs, options, parts));
    }

    [Fact]
    public void Early_stopping_in_parts_stops_and_restores_each_network_on_its_own()
    {
        var (runs, options) = Case("early stopping");
        var result = Stacked.CompareInParts(runs, Soil.Train, Soil.Validation, options, group: null, parts: 2);

        Assert.All(result.Histories, h => Assert.NotNull(h.RestoredEpoch));
        Assert.Contains(result.Histories, h => h.StopReason?.StartsWith("stopped early", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Compare_splits_only_where_splitting_cannot_change_a_result()
    {
        int cores = Math.Max(1, Environment.ProcessorCount / get_num_threads());
        int[] original = [.. Networks.OriginalHiddenLayers];

        // Soil: 240 training rows in batches of 32 and 16, 80 validation rows: every count of values is a multiple of 32.
        Assert.Equal(Math.Clamp(cores, 1, 5), Stacked.PartsFor(10, original, 240, 80, 32));
        Assert.Equal(1, Stacked.PartsFor(3, original, 240, 80, 32)); // a part of one network is multiplied by other kernels
        // Tecator's 129 training rows leave a last batch of one row: 4 values per network in the 4-unit layer.
        Assert.Equal(1, Stacked.PartsFor(10, original, 129, 43, 32));
        Assert.Equal(1, Stacked.PartsFor(10, [256, 7], 240, 80, 32));
    }

    [Fact]
    public void A_failure_on_a_part_thread_reaches_the_caller_and_the_threads_end()
    {
        var threads = new PartThreads(3);
        var done = new bool[3];

        var error = Assert.Throws<InvalidOperationException>(() => threads.Run(part =>
        {
            done[part] = true;
            if (part == 2) throw new InvalidOperationException("part 2 failed");
        }));
        threads.Dispose();

        Assert.Equal("part 2 failed", error.Message);
        Assert.All(done, Assert.True);
    }
}
