using NirNet.Models;
using NirNet.Engine;
using NirNet.Training;
using TorchSharp;

namespace NirNet.Tests;

/// <summary>
/// Every epoch's tensors are freed: training longer leaves no more tensors alive than training briefly. TorchSharp counts
/// the tensors created and disposed on each thread, so the check is exact, takes a second, and other tests running at the
/// same time cannot disturb it. (Resident memory over a long run, which would also show a leak inside libtorch, is measured
/// by the benchmark: bench/NirNet.Bench.)
/// </summary>
public sealed class MemoryTests
{
    const int Short = 10, Long = 110;

    /// <summary>Tensors alive on this thread after training a fresh network, minus those alive before.</summary>
    static long TensorsLeftAfter(int epochs, Action<int>? epochEnded = null)
    {
        var (train, validation) = TrainingTests.Tiny(64);
        var net = Networks.Mlp(10, [16, 16], "relu", seed: 1);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Trainer.Fit(net, train, validation, new TrainingOptions(Epochs: epochs, BatchSize: 16, ProgressLines: 0,
            RecordGradientNorms: true, EarlyStoppingPatience: epochs, EpochEnded: epochEnded));
        return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
    }

    /// <summary>The same for networks compared in two stacks: the calling thread trains the first and keeps the books.</summary>
    static long TensorsLeftAfterComparing(int epochs)
    {
        var (train, validation) = TrainingTests.Tiny(64);
        var runs = Enumerable.Range(1, 4).Select(seed => new MlpRun([16, 16], seed % 2 == 0 ? "relu" : "tanh", seed));
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Stacked.CompareInParts(runs, train, validation, new TrainingOptions(Epochs: epochs, BatchSize: 16, ProgressLines: 0,
            RecordGradientNorms: true, EarlyStoppingPatience: epochs), group: null, parts: 2);
        return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
    }

    [Fact]
    public void Comparing_in_two_stacks_longer_leaves_no_more_tensors_alive()
    {
        long afterShort = TensorsLeftAfterComparing(Short), afterLong = TensorsLeftAfterComparing(Long);

        Assert.True(afterLong == afterShort,
            $"{afterLong - afterShort} more tensors alive after {Long} epochs than after {Short}: {(afterLong - afterShort) / (double)(Long - Short):F2} leaked per epoch");
    }

    [Fact]
    public void Training_longer_leaves_no_more_tensors_alive()
    {
        long afterShort = TensorsLeftAfter(Short), afterLong = TensorsLeftAfter(Long);

        Assert.True(afterLong == afterShort,
            $"{afterLong - afterShort} more tensors alive after {Long} epochs than after {Short}: {(afterLong - afterShort) / (double)(Long - Short):F2} leaked per epoch");
    }

    [Fact]
    public void The_check_sees_a_single_tensor_leaked_per_epoch()
    {
        var leaked = new List<torch.Tensor>();
        void Leak(int epoch) => leaked.Add(torch.zeros(1).DetachFromDisposeScope());
        try
        {
            long growth = TensorsLeftAfter(Long, Leak) - TensorsLeftAfter(Short, Leak);

            Assert.Equal(Long - Short, growth);
        }
        finally
        {
            leaked.ForEach(t => t.Dispose());
        }
    }
}
