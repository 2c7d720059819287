using System.Globalization;
using NirNet.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Training;

/// <summary>What a learning-rate range test measured (chapter 5).</summary>
/// <param name="LearningRates">The rate of each step, growing exponentially.</param>
/// <param name="Losses">The training loss of each step's batch.</param>
/// <param name="SmoothedLosses">An exponentially weighted average of <paramref name="Losses"/> (bias-corrected), which the suggestion uses.</param>
/// <param name="Suggested">A tenth of the rate at which the smoothed loss was lowest (after its first tenth of steps, while the
/// average still rests on few batches): a rate still safely on the falling side.</param>
/// <param name="StopReason">Why the test ended before its last step, or null.</param>
/// <param name="Loss">The loss measured, as charts name it: MSE, MAE or Huber.</param>
public sealed record RangeTestResult(IReadOnlyList<double> LearningRates, IReadOnlyList<double> Losses, IReadOnlyList<double> SmoothedLosses,
    double Suggested, string? StopReason, string Loss);

/// <summary>
/// The learning-rate range test (L. N. Smith, 2017): train for a few hundred batches while the learning rate grows
/// exponentially from tiny to huge, and watch the loss. It first stays flat (rate too small), then falls (useful rates),
/// then shoots up (too large). A good rate lies on the falling side, well before the minimum (chapter 5).
/// </summary>
public static class LearningRateRangeTest
{
    /// <summary>
    /// Runs the test on <paramref name="model"/>, which it trains and so changes: use a fresh network for the real training.
    /// Stops early when the smoothed loss exceeds four times its lowest value or stops being a number.
    /// </summary>
    /// <param name="model">The network to probe (changed by the test).</param>
    /// <param name="train">Scaled training set.</param>
    /// <param name="options">Optimiser, batch size, loss and seed (of the visiting order); epochs and learning rate are ignored.</param>
    /// <param name="from">Learning rate of the first step.</param>
    /// <param name="to">Learning rate of the last step.</param>
    /// <param name="steps">Number of batches (weight updates).</param>
    public static RangeTestResult Run(Sequential model, SpectralDataset train, TrainingOptions? options = null, double from = 1e-6, double to = 1, int steps = 200)
    {
        options ??= new TrainingOptions();
        options.Validate();
        if (!(from > 0) || double.IsInfinity(from)) throw new InvalidSettingException(nameof(from), $"must be a positive number, got {from}.");
        if (!(to > from) || double.IsInfinity(to)) throw new InvalidSettingException(nameof(to), $"must be a number above from ({from}), got {to}.");
        if (steps < 10) throw new InvalidSettingException(nameof(steps), $"must be at least 10, got {steps}.");
        int n = train.Count, batch = options.BatchSize == 0 ? n : Math.Min(options.BatchSize, n);
        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        var (xOnDevice, yOnDevice) = Trainer.OnDevice(train, device);
        using var x = xOnDevice;
        using var y = yOnDevice;
        using var optimizer = Optimizers.Create(model.parameters(), options with { LearningRate = from });
        var order = new Random(options.Seed);
        var permutation = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        int position = n;
        List<double> rates = [], losses = [], smoothed = [];
        double average = 0, lowest = double.PositiveInfinity;
        const double beta = 0.98;
        string? stopReason = null;
        model.train();
        for (int step = 0; step < steps; step++)
        {
            double rate = from * Math.Pow(to / from, step / (double)(steps - 1));
            Optimizers.SetLearningRate(optimizer, rate);
            if (position + batch > n) { order.Shuffle(permutation); position = 0; }
            using var scope = NewDisposeScope();
            var rows = tensor(permutation.AsSpan(position, batch).ToArray(), device: device);
            position += batch;
            optimizer.zero_grad();
            var loss = LossFunctions.Mean(options.Loss, model.forward(x.index_select(0, rows)), y.index_select(0, rows));
            loss.backward();
            optimizer.step();
            double value = loss.item<float>();
            average = beta * average + (1 - beta) * value;
            double corrected = average / (1 - Math.Pow(beta, step + 1));
            rates.Add(rate);
            losses.Add(value);
            smoothed.Add(corrected);
            if (!double.IsFinite(corrected) || corrected > 4 * lowest)
            {
                stopReason = string.Create(CultureInfo.InvariantCulture,
                    $"stopped at step {step + 1} (learning rate {rate:G2}): the loss {(double.IsFinite(corrected) ? "passed four times its lowest value" : "stopped being a number")}");
                break;
            }
            if (step >= steps / 10) lowest = Math.Min(lowest, corrected);
        }
        model.eval();
        int warmUp = steps / 10;
        int best = Enumerable.Range(warmUp, Math.Max(0, smoothed.Count - warmUp)).Where(i => double.IsFinite(smoothed[i]))
            .DefaultIfEmpty(0).MinBy(i => double.IsFinite(smoothed[i]) ? smoothed[i] : double.PositiveInfinity);
        return new RangeTestResult(rates, losses, smoothed, rates[best] / 10, stopReason, LossFunctions.Label(options.Loss));
    }
}
