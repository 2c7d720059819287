using System.Diagnostics;
using System.Globalization;
using NirNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NirNet.Engine;

/// <summary>
/// The engine's training loop: the loop of the core's <see cref="Trainer.Fit"/>, for K members at once, split into parts
/// that step through each epoch on threads of their own. Per epoch: each member visits the training rows in its own
/// seeded order, in batches; per batch: drop the old gradients, compute the loss, back-propagate, update the weights
/// (<see cref="WeightUpdate"/>). Every tensor made in a step is freed at its end, so that the next step reuses memory still
/// in the cache (a dispose scope per step, and one per epoch for what spans the steps), and losses are read back once per
/// epoch, not per batch.
/// </summary>
/// <remarks>
/// The members are those of the parts, in order: part 0's first, then part 1's, and so on. Each part steps through the
/// epoch on its own thread (<see cref="PartThreads"/>), with its own optimiser state; nothing of one part reaches another,
/// so a member trains as it would in any other part. Histories, early stopping, schedules and progress are then handled
/// once per epoch for all members, on the calling thread. With early stopping each member keeps its own best weights and
/// stops on its own patience (its history ends there); at the end every member gets its best epoch's weights back,
/// whether its patience ran out or the epochs did. Members of a stack go on being computed after they stop, but nothing
/// of them reaches the others.
/// </remarks>
internal sealed class TrainingLoop
{
    readonly IReadOnlyList<IStepper> parts;
    readonly int[] first; // the first member of each part
    readonly IReadOnlyList<WeightUpdate> updates;
    readonly TrainingOptions options;
    readonly IReadOnlyList<TrainingHistory> histories;
    readonly int trainingRows, batch;
    readonly Random[] order; // each member's visiting order
    readonly long[][] partRows; // each part's rows of the epoch, member after member
    readonly int[][] permutations;
    readonly bool[] active;
    readonly float[] training, validation; // each member's losses of the epoch
    readonly double[][] gradientNorms;
    readonly double[] best;
    readonly int[] sinceBest, bestEpoch;
    double rate;

    TrainingLoop(IReadOnlyList<IStepper> parts, IReadOnlyList<WeightUpdate> updates, int trainingRows, TrainingOptions options,
        IReadOnlyList<TrainingHistory> histories, IReadOnlyList<int> shuffleSeeds)
    {
        this.parts = parts;
        this.updates = updates;
        this.trainingRows = trainingRows;
        this.options = options;
        this.histories = histories;
        int k = histories.Count;
        first = new int[parts.Count];
        for (int p = 1; p < parts.Count; p++) first[p] = first[p - 1] + parts[p - 1].Members;
        batch = options.BatchSize == 0 ? trainingRows : Math.Min(options.BatchSize, trainingRows);
        order = shuffleSeeds.Select(s => new Random(s)).ToArray();
        partRows = parts.Select(part => new long[part.Members * trainingRows]).ToArray();
        permutations = parts.Select(_ => new int[trainingRows]).ToArray();
        active = Enumerable.Repeat(true, k).ToArray();
        training = new float[k];
        validation = new float[k];
        gradientNorms = new double[k][];
        best = Enumerable.Repeat(double.PositiveInfinity, k).ToArray();
        sinceBest = new int[k];
        bestEpoch = new int[k];
        rate = options.LearningRate;
    }

    /// <summary>Trains the members of <paramref name="parts"/>, recording member m into <paramref name="histories"/>[m].</summary>
    public static void Run(IReadOnlyList<IStepper> parts, int trainingRows, TrainingOptions options, IReadOnlyList<TrainingHistory> histories,
        IReadOnlyList<int> shuffleSeeds, ITrainingProgress progress)
    {
        var updates = new List<WeightUpdate>();
        try
        {
            foreach (var part in parts) updates.Add(WeightUpdate.For(part.Parameters.ToList(), options));
            using var threads = new PartThreads(parts.Count);
            new TrainingLoop(parts, updates, trainingRows, options, histories, shuffleSeeds).Train(threads, progress);
        }
        finally
        {
            foreach (var update in updates) update.Dispose();
        }
    }

    void Train(PartThreads threads, ITrainingProgress progress)
    {
        progress.RunsStarted(histories);
        var clock = Stopwatch.StartNew();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            double elapsed;
            using (NewDisposeScope()) // what the epoch's book-keeping makes (early stopping's copies)
            {
                threads.Run(TrainPart);
                elapsed = clock.Elapsed.TotalSeconds;
                Record(elapsed);
                StopDiverged(epoch);
                StopEarly(epoch);
            }
            options.EpochEnded?.Invoke(epoch); // outside the library's scopes: tensors the callback keeps stay the caller's
            if (!active.Any(a => a))
            {
                progress.RunsStopped(epoch, elapsed);
                break;
            }
            NextLearningRate(epoch);
            progress.EpochEnded(epoch, active, elapsed);
        }
        RestoreBestWeights();
    }

    /// <summary>One part's epoch, on its thread: its members' batches, then their validation loss.</summary>
    void TrainPart(int p)
    {
        var stepper = parts[p];
        using var scope = NewDisposeScope();
        stepper.SetTraining(true);
        var rows = ShuffledRows(p);
        var lossSum = zeros(stepper.Members);
        bool recordGradients = options.RecordGradientNorms;
        for (int start = 0; start < trainingRows; start += batch)
        {
            int size = Math.Min(batch, trainingRows - start);
            using var stepScope = NewDisposeScope(); // frees this step's tensors before the next step allocates its own
            updates[p].DropGradients();
            var losses = stepper.TrainingLoss(rows.narrow(1, start, size));
            losses.sum().backward();
            if (recordGradients)
            {
                stepper.GradientNorms().CopyTo(gradientNorms, first[p]);
                recordGradients = false;
            }
            updates[p].Step();
            using var weight = size.ToScalar(); // held until the call returns (tests/ExplicitScalarTests.cs)
            lossSum.add_(losses.detach(), weight);
        }
        stepper.SetTraining(false);
        using var rowCount = trainingRows.ToScalar();
        lossSum.div_(rowCount).data<float>().CopyTo(training, first[p]);
        stepper.ValidationLoss().data<float>().CopyTo(validation, first[p]);
    }

    /// <summary>Part <paramref name="p"/>'s rows of the epoch as a [members, rows] tensor: each member's own seeded order.</summary>
    Tensor ShuffledRows(int p)
    {
        var rows = partRows[p];
        var permutation = permutations[p];
        for (int m = 0; m < parts[p].Members; m++)
        {
            for (int i = 0; i < trainingRows; i++) permutation[i] = i;
            order[first[p] + m].Shuffle(permutation);
            for (int i = 0; i < trainingRows; i++) rows[m * trainingRows + i] = permutation[i];
        }
        return tensor(rows).view(parts[p].Members, trainingRows);
    }

    void Record(double elapsed)
    {
        for (int m = 0; m < histories.Count; m++)
        {
            if (!active[m]) continue;
            if (options.RecordGradientNorms) histories[m].RecordGradientNorms(gradientNorms[m]);
            histories[m].Record(training[m], validation[m], rate, elapsed);
        }
    }

    /// <summary>Stops the members whose loss stopped being a number; says so on the console unless progress lines are off.</summary>
    void StopDiverged(int epoch)
    {
        for (int m = 0; m < histories.Count; m++)
        {
            if (!active[m] || (float.IsFinite(training[m]) && float.IsFinite(validation[m]))) continue;
            active[m] = false;
            var history = histories[m];
            history.DivergedAtEpoch = epoch;
            history.StopReason = string.Create(CultureInfo.InvariantCulture,
                $"training diverged at epoch {epoch}: the loss became {(float.IsFinite(training[m]) ? validation[m] : training[m])}; try a lower learning rate");
            if (options.ProgressLines > 0) Console.WriteLine($"{history.Label}: {history.StopReason}.");
        }
    }

    /// <summary>With early stopping: keeps each member's best weights so far, and stops those out of patience.</summary>
    void StopEarly(int epoch)
    {
        if (options.EarlyStoppingPatience is not int patience) return;
        for (int m = 0; m < histories.Count; m++)
        {
            if (!active[m]) continue;
            if (validation[m] < best[m])
            {
                (best[m], sinceBest[m], bestEpoch[m]) = (validation[m], 0, epoch);
                var (stepper, member) = Owner(m);
                stepper.Remember(member);
            }
            else if (++sinceBest[m] >= patience)
            {
                active[m] = false;
                histories[m].StopReason = string.Create(CultureInfo.InvariantCulture,
                    $"stopped early at epoch {epoch}: no better validation loss for {patience} epochs; the weights of epoch {bestEpoch[m]} were kept");
            }
        }
    }

    void NextLearningRate(int epoch)
    {
        if (options.Schedule is not { } schedule) return;
        rate = schedule.Next(epoch, options.Epochs, options.LearningRate, rate, histories[0].ValidationLoss);
        foreach (var update in updates) update.LearningRate = rate;
    }

    /// <summary>With early stopping: gives every member that did not diverge its best epoch's weights back.</summary>
    void RestoreBestWeights()
    {
        if (options.EarlyStoppingPatience is null) return;
        for (int m = 0; m < histories.Count; m++)
        {
            if (bestEpoch[m] == 0 || histories[m].DivergedAtEpoch is not null) continue;
            var (stepper, member) = Owner(m);
            stepper.Recall(member);
            histories[m].RestoredEpoch = bestEpoch[m];
        }
    }

    /// <summary>The part that trains member <paramref name="m"/>, and the member's number within it.</summary>
    (IStepper Stepper, int Member) Owner(int m)
    {
        int p = Array.FindLastIndex(first, f => f <= m);
        return (parts[p], m - first[p]);
    }
}
