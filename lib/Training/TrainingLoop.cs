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
    /// The members are those of <paramref name="parts"/>, in order: part 0's first, then part 1's, and so on. Each part
    /// steps through the epoch on its own thread (<see cref="PartThreads"/>), with its own optimiser state; nothing of one
    /// part reaches another, so a member trains as it would in any other part. Histories, early stopping, schedules and
    /// progress are then handled once per epoch for all members, on the calling thread.
    /// With early stopping each member keeps its own best weights and stops on its own patience (its history ends there);
    /// at the end every member gets its best epoch's weights back, whether its patience ran out or the epochs did.
    /// Members of a stack go on being computed after they stop, but nothing of them reaches the others.
    /// </remarks>
    public static void Run(IReadOnlyList<IStepper> parts, int trainingRows, TrainingOptions options, IReadOnlyList<TrainingHistory> histories,
        IReadOnlyList<int> shuffleSeeds, ITrainingProgress progress)
    {
        var first = new int[parts.Count]; // the first member of each part
        for (int p = 1; p < parts.Count; p++) first[p] = first[p - 1] + parts[p - 1].Members;
        var updates = new List<WeightUpdate>();
        try
        {
            foreach (var part in parts) updates.Add(WeightUpdate.For(part.Parameters.ToList(), options));
            using var threads = new PartThreads(parts.Count);
            Run(parts, first, updates, threads, trainingRows, options, histories, shuffleSeeds, progress);
        }
        finally
        {
            foreach (var update in updates) update.Dispose();
        }
    }

    static void Run(IReadOnlyList<IStepper> parts, int[] first, IReadOnlyList<WeightUpdate> updates, PartThreads threads,
        int trainingRows, TrainingOptions options, IReadOnlyList<TrainingHistory> histories, IReadOnlyList<int> shuffleSeeds,
        ITrainingProgress progress)
    {
        int k = histories.Count;
        int batch = options.BatchSize == 0 ? trainingRows : Math.Min(options.BatchSize, trainingRows);
        var order = shuffleSeeds.Select(s => new Random(s)).ToArray();
        var active = Enumerable.Repeat(true, k).ToArray();
        var training = new float[k];
        var validation = new float[k];
        var gradientNorms = new double[k][];
        double rate = options.LearningRate;
        var clock = Stopwatch.StartNew();
        var sinceBest = new int[k];
        var best = Enumerable.Repeat(double.PositiveInfinity, k).ToArray();
        var bestEpoch = new int[k];
        var partRows = parts.Select(part => new long[part.Members * trainingRows]).ToArray();
        var permutations = parts.Select(_ => new int[trainingRows]).ToArray();
        (IStepper Stepper, int Member) Owner(int m)
        {
            int p = Array.FindLastIndex(first, f => f <= m);
            return (parts[p], m - first[p]);
        }
        progress.RunsStarted(histories);

        // One part's epoch: its members' batches, then their validation loss; writes the part's share of the arrays above.
        void Epoch(int p)
        {
            var stepper = parts[p];
            int members = stepper.Members;
            using var scope = NewDisposeScope();
            stepper.SetTraining(true);
            var rows = partRows[p];
            var permutation = permutations[p];
            for (int m = 0; m < members; m++)
            {
                for (int i = 0; i < trainingRows; i++) permutation[i] = i;
                order[first[p] + m].Shuffle(permutation);
                for (int i = 0; i < trainingRows; i++) rows[m * trainingRows + i] = permutation[i];
            }
            var allRows = tensor(rows).view(members, trainingRows);
            var lossSum = zeros(members);
            bool recordGradients = options.RecordGradientNorms;
            for (int start = 0; start < trainingRows; start += batch)
            {
                int size = Math.Min(batch, trainingRows - start);
                using var stepScope = NewDisposeScope(); // frees this step's tensors before the next step allocates its own
                updates[p].DropGradients();
                var losses = stepper.TrainingLoss(allRows.narrow(1, start, size));
                losses.sum().backward();
                if (recordGradients)
                {
                    stepper.GradientNorms().CopyTo(gradientNorms, first[p]);
                    recordGradients = false;
                }
                updates[p].Step();
                lossSum.add_(losses.detach(), size);
            }
            stepper.SetTraining(false);
            lossSum.div_(trainingRows).data<float>().CopyTo(training, first[p]);
            stepper.ValidationLoss().data<float>().CopyTo(validation, first[p]);
        }

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            using var scope = NewDisposeScope(); // what the book-keeping makes (early stopping's copies, callbacks)
            threads.Run(Epoch);
            double elapsed = clock.Elapsed.TotalSeconds;
            if (options.RecordGradientNorms)
                for (int m = 0; m < k; m++) if (active[m]) histories[m].RecordGradientNorms(gradientNorms[m]);

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
                    if (validation[m] < best[m]) { best[m] = validation[m]; sinceBest[m] = 0; bestEpoch[m] = epoch; Owner(m).Stepper.Remember(Owner(m).Member); }
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
                foreach (var update in updates) update.LearningRate = rate;
            }
            progress.EpochEnded(epoch, active, elapsed);
        }
        if (options.EarlyStoppingPatience is null) return;
        for (int m = 0; m < k; m++)
        {
            if (bestEpoch[m] == 0 || histories[m].DivergedAtEpoch is not null) continue;
            Owner(m).Stepper.Recall(Owner(m).Member);
            histories[m].RestoredEpoch = bestEpoch[m];
        }
    }
}
