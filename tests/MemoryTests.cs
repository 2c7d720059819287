using System.Diagnostics;
using NirNet.Models;
using NirNet.Training;

namespace NirNet.Tests;

/// <summary>Every epoch's tensors are freed: a long run does not grow the process.</summary>
[Collection(nameof(NotebookExecution))] // measured alone, with no other test allocating at the same time
public sealed class MemoryTests
{
    static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    [Fact]
    public void Resident_memory_stays_flat_over_thousands_of_epochs()
    {
        var (train, validation) = TrainingTests.Tiny(256);
        var options = new TrainingOptions(Epochs: 300, BatchSize: 32, ProgressLines: 0, RecordGradientNorms: true);
        var net = Networks.Mlp(10, [64, 64], "relu", seed: 1);
        Trainer.Fit(net, train, validation, options); // warm-up: allocator pools, JIT
        long before = ResidentBytes();

        var history = Trainer.Fit(net, train, validation, options with { Epochs = 5000 });
        long growth = ResidentBytes() - before;

        Assert.Equal(5000, history.Epochs);
        Assert.True(growth < 20 * 1024 * 1024, $"resident memory grew by {growth / 1048576.0:F1} MB over 5000 epochs");
    }
}
