using NirNet.Data;
using NirNet.Engine;
using NirNet.Training;

namespace NirNet.Tests;

/// <summary>
/// TorchSharp 0.107 turns a number passed where libtorch wants a Scalar (<c>a.add_(b)</c>'s factor 1, leaky ReLU's
/// slope) into a Scalar object that nothing holds once its handle is read; a collection started by another thread during
/// the native call can finalise it while libtorch still reads it, which shows as libtorch's "Expected false to be true"
/// from <c>Scalar::toFloat</c> (measured: two threads calling <c>a.add_(b)</c> on 64 values while a third collects failed
/// 1–2 times in 40,000–65,000 calls in each of four runs; the same with a Scalar held in a variable, 0 times in 400,000).
/// The engine's threads therefore pass every such number as a Scalar they hold until the call returns. Without that
/// (the engine's Forward with <c>add_(bias)</c>, <c>functional.leaky_relu/elu</c>, the loss sums with plain numbers)
/// this test failed in one of two runs with that error; with it, it passed in every run.
/// </summary>
[Collection(nameof(ProcessWideState))]
public sealed class ExplicitScalarTests
{
    [Fact]
    public void Engine_threads_survive_collections_started_during_their_native_calls()
    {
        var soil = PinnedHistoryTests.Soil.Value;
        // Activations with a parameter (leaky ReLU's slope, ELU's three) and small batches: about 600,000 Scalars over
        // the two threads, where the unheld version failed about once in 50,000 calls.
        MlpRun[] runs = [new([8, 8], "leaky_relu", 1), new([8, 8], "leaky_relu", 2), new([8, 8], "elu", 1), new([8, 8], "elu", 2)];
        var options = new TrainingOptions(Epochs: 1000, BatchSize: 8, ProgressLines: 0);
        string quiet = PinnedHistoryTests.Fingerprint(Stacked.CompareInParts(runs, soil.Train, soil.Validation, options, group: null, parts: 2));

        bool stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop)) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        });
        collector.Start();
        string underCollections;
        try
        {
            underCollections = PinnedHistoryTests.Fingerprint(Stacked.CompareInParts(runs, soil.Train, soil.Validation, options, group: null, parts: 2));
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
        }
        Assert.Equal(quiet, underCollections);
    }
}
