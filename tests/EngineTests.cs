using NirNet.Data;
using NirNet.Engine;
using NirNet.Models;
using NirNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NirNet.Tests;

/// <summary>The engine's threads and scopes, the device each layer trains on, and what training prints.</summary>
public sealed class EngineTests
{
    static TrainingOptions Quiet(int epochs) => new(Epochs: epochs, BatchSize: 16, LearningRate: 0.01, ProgressLines: 0, Seed: 3);

    [Fact]
    public void Part_threads_used_again_after_a_failure_do_not_report_it_again()
    {
        using var threads = new PartThreads(2);
        Assert.Throws<InvalidOperationException>(() => threads.Run(part => { if (part == 1) throw new InvalidOperationException("once"); }));

        var done = new bool[2];
        threads.Run(part => done[part] = true);

        Assert.All(done, Assert.True);
    }

    [Fact]
    public async Task A_part_thread_whose_set_up_fails_reports_it_instead_of_leaving_the_others_waiting()
    {
        var threads = new PartThreads(3, threadSetup: () => throw new InvalidOperationException("set-up failed"));
        var run = Task.Run(() => threads.Run(_ => { }));

        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(finished == run, "Run waited for a thread that had died");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.Equal("set-up failed", error.Message);
        var disposal = Task.Run(threads.Dispose);
        Assert.True(await Task.WhenAny(disposal, Task.Delay(TimeSpan.FromSeconds(20))) == disposal, "Dispose waited for a thread that had died");
    }

    [Fact]
    public void Part_threads_can_be_disposed_twice()
    {
        var threads = new PartThreads(2);
        threads.Run(_ => { });

        threads.Dispose();
        threads.Dispose();

        Assert.Throws<ObjectDisposedException>(() => threads.Run(_ => { }));
    }

    /// <summary>A tensor a user's epoch callback makes and keeps is the user's: the library's scopes must not free it.</summary>
    [Fact]
    public void Tensors_an_epoch_callback_keeps_outlive_the_training_call()
    {
        var (train, validation) = TrainingTests.Tiny();
        var kept = new List<Tensor>();
        var options = Quiet(3) with { EpochEnded = epoch => kept.Add(full(1, (float)epoch)) };
        try
        {
            Trainer.Fit(Networks.Mlp(10, [8], "relu", 1), train, validation, options);
            Stacked.Compare([new MlpRun([8], "relu", 1), new MlpRun([8], "tanh", 2)], train, validation, options);

            Assert.Equal([1f, 2f, 3f, 1f, 2f, 3f], kept.Select(t => t.item<float>()));
        }
        finally
        {
            kept.ForEach(t => t.Dispose());
        }
    }

    [Fact]
    public void Fit_trains_on_an_explicit_cpu_device_as_on_the_default_one()
    {
        var (train, validation) = TrainingTests.Tiny();
        var device = new Device(DeviceType.CPU);
        var onDefault = Networks.Mlp(10, [16], "relu", seed: 1);
        var onCpu = Networks.Mlp(10, [16], "relu", seed: 1);
        onCpu.to(device);

        var a = Trainer.Fit(onDefault, train, validation, Quiet(5));
        var b = Trainer.Fit(onCpu, train, validation, Quiet(5));

        Assert.All(onCpu.parameters(), p => Assert.Equal(DeviceType.CPU, p.device_type));
        Assert.Equal(a.TrainingLoss, b.TrainingLoss);
        Assert.Equal(a.ValidationLoss, b.ValidationLoss);
    }

    [Fact]
    public void Fit_moves_the_data_to_the_network_s_device()
    {
        // The meta device holds shapes without values: training there fails at the first value read, but only after the
        // data has followed the network; a network left on the CPU with data elsewhere would fail on the device mismatch.
        var (train, validation) = TrainingTests.Tiny();
        var net = Networks.Mlp(10, [8], "relu", seed: 1);
        net.to(new Device(DeviceType.META));

        var error = Record.Exception(() => Trainer.Fit(net, train, validation, Quiet(1)));

        Assert.NotNull(error);
        Assert.DoesNotContain("Expected all tensors to be on the same device", error.Message);
    }

    [Fact]
    public void The_engine_says_it_is_cpu_only_when_given_tensors_on_another_device()
    {
        var (train, validation) = TrainingTests.Tiny();
        var net = Networks.Mlp(10, [8], "relu", seed: 1);
        net.to(new Device(DeviceType.META));

        var error = Assert.Throws<CpuOnlyException>(() => new StackedMlpStepper([(net, "relu")], train, validation, "mse"));

        Assert.Equal("runs", error.Parameter);
        Assert.StartsWith("meta", error.Device);
        Assert.Contains("CPU only", error.Message);
        Assert.Contains("Trainer.Fit", error.Message);
    }
}

/// <summary>What training prints when told to print nothing: nothing. Runs alone, as the console is the process's.</summary>
[Collection(nameof(PinnedHistories))]
public sealed class SilentTrainingTests
{
    [Fact]
    public void With_no_progress_lines_a_diverging_run_prints_nothing()
    {
        var (train, validation) = TrainingTests.Tiny();
        var options = new TrainingOptions(Epochs: 50, BatchSize: 16, Optimizer: "sgd", LearningRate: 1e4, ProgressLines: 0, Seed: 3);
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        TrainingHistory fit, compared;
        try
        {
            fit = Trainer.Fit(Networks.Mlp(10, [16], "relu", seed: 1), train, validation, options);
            compared = Stacked.Compare([new MlpRun([16], "relu", 1), new MlpRun([16], "relu", 2)], train, validation, options).Histories[0];
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.NotNull(fit.DivergedAtEpoch);
        Assert.NotNull(compared.DivergedAtEpoch);
        Assert.Equal("", captured.ToString());
    }
}
