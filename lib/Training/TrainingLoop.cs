using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace NirNet.Training;

/// <summary>
/// The one training loop of the library. Per epoch: each member visits the training rows in its own seeded order, in
/// batches; per batch: drop the old gradients, compute the loss, back-propagate, update the weights (<see cref="WeightUpdate"/>).
/// Every tensor made in a step is freed at its end, so that the next step reuses memory still in the cache (a dispose scope
/// per step, and one per epoch for what spans the steps), and losses are read back once per epoch, not per batch.
/// </summary>
internal static class TrainingLoop
{
    /// <remarks>
    /// With early stopping each member keeps its own best weights and stops on its own patience (its history ends there);
    /// at the end every member gets its best epoch's weights back, whether its patience ran out or the epochs did.
    /// Members of a stack go on being computed after they stop, but nothing of them reaches the others.
    /// </remarks>
    public static void Run(IStepper stepper, int trainingRows, TrainingOptions options, IReadOnlyList<TrainingHistory> histories,
        IReadOnlyList<int> shuffleSeeds, ITrainingProgress progress)
    {
        int k = stepper.Members;
        int batch = options.BatchSize == 0 ? trainingRows : Math.Min(options.BatchSize, trainingRows);
        var order = shuffleSeeds.Select(s => new Random(s)).ToArray();
        var rows = new long[k * trainingRows];
        var permutation = new int[trainingRows];
        var active = Enumerable.Repeat(true, k).ToArray();
        using var update = WeightUpdate.For(stepper.Parameters.ToList(), options);
        double rate = options.LearningRate;
        var clock = Stopwatch.StartNew();
        var sinceBest = new int[k];
        var best = Enumerable.Repeat(double.PositiveInfinity, k).ToArray();
        var bestEpoch = new int[k];
        progress.RunsStarted(histories);

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            using var scope = NewDisposeScope();
            stepper.SetTraining(true);
            for (int m = 0; m < k; m++)
            {
                for (int i = 0; i < trainingRows; i++) permutation[i] = i;
                order[m].Shuffle(permutation);
                for (int i = 0; i < trainingRows; i++) rows[m * trainingRows + i] = permutation[i];
            }
            var allRows = tensor(rows).view(k, trainingRows);
            var lossSum = zeros(k);
            bool recordGradients = options.RecordGradientNorms;
            for (int start = 0; start < trainingRows; start += batch)
            {
                int size = Math.Min(batch, trainingRows - start);
                using var stepScope = NewDisposeScope(); // frees this step's tensors before the next step allocates its own
                update.DropGradients();
                var losses = stepper.TrainingLoss(allRows.narrow(1, start, size));
                losses.sum().backward();
                if (recordGradients)
                {
                    var norms = stepper.GradientNorms();
                    for (int m = 0; m < k; m++) if (active[m]) histories[m].RecordGradientNorms(norms[m]);
                    recordGradients = false;
                }
                update.Step();
                lossSum.add_(losses.detach(), size);
            }
            stepper.SetTraining(false);
            float[] training = lossSum.div_(trainingRows).data<float>().ToArray();
            float[] validation = stepper.ValidationLoss().data<float>().ToArray();
            double elapsed = clock.Elapsed.TotalSeconds;

            for (int m = 0; m < k; m++)
            {
                if (!active[m]) continue;
                var history = histories[m];
                history.Record(training[m], validation[m], rate, elapsed);
                if (!float.IsFinite(training[m]) || !float.IsFinite(validation[m]))
                {
                    active[m] = false;
                    history.DivergedAtEpoch = epoch;
                    history.StopReason = string.Create(CultureInfo.InvariantCulture,
                        $"training diverged at epoch {epoch}: the loss became {(float.IsFinite(training[m]) ? validation[m] : training[m])}; try a lower learning rate");
                    Console.WriteLine($"{history.Label}: {history.StopReason}.");
                }
            }
            if (options.EarlyStoppingPatience is int patience)
            {
                for (int m = 0; m < k; m++)
                {
                    if (!active[m]) continue;
                    if (validation[m] < best[m]) { best[m] = validation[m]; sinceBest[m] = 0; bestEpoch[m] = epoch; stepper.Remember(m); }
                    else if (++sinceBest[m] >= patience)
                    {
                        active[m] = false;
                        histories[m].StopReason = $"stopped early at epoch {epoch}: no better validation loss for {patience} epochs; the weights of epoch {bestEpoch[m]} were kept";
                    }
                }
            }
            options.EpochEnded?.Invoke(epoch);
            if (!active.Any(a => a))
            {
                progress.RunsStopped(epoch, elapsed);
                break;
            }

            if (options.Schedule is { } schedule)
            {
                rate = schedule.Next(epoch, options.Epochs, options.LearningRate, rate, histories[0].ValidationLoss);
                update.LearningRate = rate;
            }
            progress.EpochEnded(epoch, active, elapsed);
        }
        if (options.EarlyStoppingPatience is null) return;
        for (int m = 0; m < k; m++)
        {
            if (bestEpoch[m] == 0 || histories[m].DivergedAtEpoch is not null) continue;
            stepper.Recall(m);
            histories[m].RestoredEpoch = bestEpoch[m];
        }
    }
}
