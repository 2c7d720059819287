using System.Diagnostics;
using System.Globalization;
using NirNet.Data;
using NirNet.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Training;

/// <summary>
/// Trains a network and records what happened (chapter 1): the loop chapter 1 writes by hand, with TorchSharp's own
/// optimisers, on whatever device the network is on; repeats any network over several seeds (chapter 6).
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="model"/> in place on <paramref name="train"/>, watching <paramref name="validation"/> after every epoch.
    /// With early stopping, training ends when the validation loss has not improved for the patience, and the weights of
    /// the best validation epoch are restored at the end (also when the epochs run out first). The data goes to the device
    /// of the network's parameters: move the network (<c>model.to(device)</c>) to train elsewhere than on the CPU.
    /// </summary>
    public static TrainingHistory Fit(nn.Module<Tensor, Tensor> model, SpectralDataset train, SpectralDataset validation,
        TrainingOptions? options = null, string label = "model")
    {
        options ??= new TrainingOptions();
        options.Validate();
        using var progress = TrainingProgress.Open(options, runs: 1);
        return FitAs(model, train, validation, options, label, label, progress);
    }

    /// <summary>Chapter 1's loop: per epoch a new seeded order, batches of zero_grad, forward, loss, backward, step; then
    /// the validation loss, the record, the stops and the schedule.</summary>
    static TrainingHistory FitAs(nn.Module<Tensor, Tensor> model, SpectralDataset train, SpectralDataset validation,
        TrainingOptions options, string label, string group, ITrainingProgress progress)
    {
        if (train.WavelengthCount != validation.WavelengthCount)
            throw new SpectralDataException($"training spectra have {train.WavelengthCount} wavelengths but validation spectra have {validation.WavelengthCount}.");
        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        var (x, y) = OnDevice(train, device);
        var (xValidation, yValidation) = OnDevice(validation, device);
        using var optimizer = Optimizers.Create(model.parameters(), options);
        using var bestWeights = new BestWeights(model, options.EarlyStoppingPatience);
        var order = new Random(options.Seed);
        var history = new TrainingHistory(label, group, options.Seed, options.Loss);
        var clock = Stopwatch.StartNew();
        progress.RunsStarted([history]);
        try
        {
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                using (NewDisposeScope()) // frees the epoch's tensors at the end of the block
                {
                    var rows = tensor(Shuffled(order, train.Count), device: device); // the samples in a new seeded order
                    var (trainingLoss, gradientNorms) = TrainOneEpoch(model, optimizer, x, y, rows, options);
                    var validationLoss = Evaluate(model, xValidation, yValidation, options.Loss);
                    if (gradientNorms is not null) history.RecordGradientNorms(gradientNorms);
                    history.Record(trainingLoss, validationLoss, optimizer.ParamGroups.First().LearningRate, clock.Elapsed.TotalSeconds);
                }
                bool stop = Diverged(history, epoch, options) || bestWeights.StopsAfter(history, epoch);
                options.EpochEnded?.Invoke(epoch); // outside the epoch's scope: tensors the callback keeps stay the caller's
                if (stop)
                {
                    progress.RunsStopped(epoch, clock.Elapsed.TotalSeconds);
                    break;
                }
                if (options.Schedule is { } schedule)
                    Optimizers.SetLearningRate(optimizer, schedule.Next(epoch, options.Epochs, options.LearningRate,
                        history.LearningRate[^1], history.ValidationLoss));
                progress.EpochEnded(epoch, [true], clock.Elapsed.TotalSeconds);
            }
            bestWeights.Restore(history);
            return history;
        }
        finally
        {
            x.Dispose(); y.Dispose(); xValidation.Dispose(); yValidation.Dispose();
        }
    }

    /// <summary>
    /// One pass over the training set in the order of <paramref name="rows"/>, batch by batch: forget the old gradients,
    /// forward, loss, backward, step. Returns the mean training loss (read once, not per batch) and, when recorded, each
    /// weight's gradient norm at the first batch.
    /// </summary>
    static (double Loss, double[]? GradientNorms) TrainOneEpoch(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer,
        Tensor x, Tensor y, Tensor rows, TrainingOptions options)
    {
        long n = rows.shape[0];
        long batchSize = options.BatchSize == 0 ? n : Math.Min(options.BatchSize, n);
        double[]? gradientNorms = null;
        var sum = zeros(1, device: x.device);
        model.train();
        for (long start = 0; start < n; start += batchSize)
        {
            var batch = rows.narrow(0, start, Math.Min(batchSize, n - start));
            optimizer.zero_grad();                                                           // 1. forget the previous gradients
            var prediction = model.forward(x.index_select(0, batch));                        // 2. forward pass
            var loss = LossFunctions.Mean(options.Loss, prediction, y.index_select(0, batch)); // 3. the error
            loss.backward();                                                                 // 4. gradients of the loss for every weight
            if (options.RecordGradientNorms && start == 0) gradientNorms = GradientNorms(model);
            optimizer.step();                                                                // 5. update the weights
            sum.add_(loss.detach() * batch.shape[0]);
        }
        return (sum.item<float>() / n, gradientNorms);
    }

    /// <summary>The loss on a whole dataset, without gradients, with dropout off.</summary>
    static double Evaluate(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, string loss)
    {
        model.eval();
        using var noGrad = no_grad();
        return LossFunctions.Mean(loss, model.forward(x), y).item<float>();
    }

    /// <summary>Stops a run whose loss stopped being a number; says so on the console unless progress lines are off.</summary>
    static bool Diverged(TrainingHistory history, int epoch, TrainingOptions options)
    {
        double training = history.TrainingLoss[^1], validation = history.ValidationLoss[^1];
        if (double.IsFinite(training) && double.IsFinite(validation)) return false;
        history.DivergedAtEpoch = epoch;
        history.StopReason = string.Create(CultureInfo.InvariantCulture,
            $"training diverged at epoch {epoch}: the loss became {(double.IsFinite(training) ? validation : training)}; try a lower learning rate");
        if (options.ProgressLines > 0) Console.WriteLine($"{history.Label}: {history.StopReason}.");
        return true;
    }

    /// <summary>0, 1, …, n − 1 in an order drawn from <paramref name="order"/>.</summary>
    static long[] Shuffled(Random order, int n)
    {
        var permutation = Enumerable.Range(0, n).ToArray();
        order.Shuffle(permutation);
        return permutation.Select(i => (long)i).ToArray();
    }

    /// <summary>The dataset's spectra and targets as tensors on <paramref name="device"/>.</summary>
    internal static (Tensor X, Tensor Y) OnDevice(SpectralDataset data, Device device)
    {
        var (x, y) = data.ToTensors();
        if (x.device_type == device.type && x.device_index == device.index) return (x, y);
        using (x) using (y) return (x.to(device), y.to(device));
    }

    static double[] GradientNorms(nn.Module<Tensor, Tensor> model) =>
        [.. model.named_parameters().Where(p => p.name.EndsWith("weight", StringComparison.Ordinal) && p.parameter.grad is not null)
            .Select(p => (double)p.parameter.grad!.norm().item<float>())];

    /// <summary>
    /// Trains one network per seed, one after the other, with <see cref="Fit"/>: for any architecture (such as
    /// <see cref="Networks.Cnn1d"/>), dropout, reduce-on-plateau. The seed is passed to <paramref name="network"/> (initial
    /// weights) and replaces <see cref="TrainingOptions.Seed"/> (visiting order), so an MLP repeated here trains as the same
    /// run of the engine's <c>Stacked.Compare</c> (up to rounding).
    /// </summary>
    /// <param name="network">Makes a fresh network from a seed, for example <c>seed =&gt; Networks.Mlp(211, [64], "relu", seed)</c>.</param>
    /// <param name="seeds">One run per seed.</param>
    /// <param name="train">Scaled training set.</param>
    /// <param name="validation">Scaled validation set, evaluated after every epoch.</param>
    /// <param name="options">Training settings of every run.</param>
    /// <param name="group">Name of the setting these runs share, for charts and tables.</param>
    public static Comparison Repeat(Func<int, Sequential> network, IEnumerable<int> seeds, SpectralDataset train, SpectralDataset validation,
        TrainingOptions? options, string group)
    {
        options ??= new TrainingOptions();
        options.Validate();
        var seedList = seeds.ToList();
        if (seedList.Count == 0) throw new InvalidSettingException(nameof(seeds), "needs at least one seed.");
        if (string.IsNullOrWhiteSpace(group)) throw new InvalidSettingException(nameof(group), "needs a name for the charts and tables.");
        var models = new List<Sequential>();
        var histories = new List<TrainingHistory>();
        using var progress = TrainingProgress.Open(options, seedList.Count);
        foreach (int seed in seedList)
        {
            var model = network(seed);
            histories.Add(FitAs(model, train, validation, options with { Seed = seed }, $"{group}, seed {seed}", group, progress));
            models.Add(model);
        }
        return new Comparison(histories, models, togetherSeconds: false);
    }
}
