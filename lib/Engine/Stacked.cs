using NirNet.Data;
using NirNet.Models;
using NirNet.Training;

namespace NirNet.Engine;

/// <summary>
/// Trains many fully connected networks of one shape at once, on the CPU (chapter 2 onwards): their weights stacked so
/// that each layer of all networks is one batched matmul, Adam fused into one pass over memory, and the stacks split
/// across the cores. Each network trains as the core's <see cref="Trainer.Fit"/> would train it alone with the same seed,
/// up to floating-point rounding (tests compare the two).
/// </summary>
public static class Stacked
{
    /// <summary>
    /// Trains several fully connected networks of one shape as one batched computation, each as <see cref="Trainer.Fit"/>
    /// would train it alone with the same seed (up to floating-point rounding); returns every run's history and trained
    /// network. On a machine with several cores the networks are split into stacks, one per core, trained at the same time,
    /// wherever the split cannot change a single bit of any result: at least two networks per stack, and layer widths and
    /// row counts that give every activation a multiple of 32 values per network (true of the series' soil data, not of
    /// Tecator's).
    /// </summary>
    /// <param name="runs">The networks; they may differ in activation and seed, not in hidden layers.</param>
    /// <param name="train">Scaled training set.</param>
    /// <param name="validation">Scaled validation set, evaluated after every epoch.</param>
    /// <param name="options">Training settings shared by all runs (each run's <see cref="MlpRun.Seed"/> replaces <see cref="TrainingOptions.Seed"/>).</param>
    /// <param name="group">Name of the setting these runs share, for charts and tables; by default each run's <see cref="MlpRun.Group"/>.</param>
    /// <exception cref="CpuOnlyException">The networks would be made on a device other than the CPU.</exception>
    public static Comparison Compare(IEnumerable<MlpRun> runs, SpectralDataset train, SpectralDataset validation, TrainingOptions? options = null, string? group = null) =>
        CompareInParts(runs, train, validation, options, group, parts: null);

    /// <summary><see cref="Compare"/> with the networks split across <paramref name="parts"/> threads, or as many as
    /// <see cref="PartsFor"/> gives when null (tests and the benchmark compare splits).</summary>
    internal static Comparison CompareInParts(IEnumerable<MlpRun> runs, SpectralDataset train, SpectralDataset validation, TrainingOptions? options, string? group, int? parts)
    {
        options ??= new TrainingOptions();
        options.Validate();
        if (options.Schedule?.FollowsValidationLoss == true)
            throw new InvalidSettingException(nameof(options), "reduce-on-plateau changes one learning rate from one run's validation loss; train such runs one by one with Trainer.Repeat.");
        var list = runs.ToList();
        if (list.Count == 0) throw new InvalidSettingException(nameof(runs), "needs at least one run.");
        if (list.Select(r => string.Join(",", r.Hidden)).Distinct().Count() > 1)
            throw new InvalidSettingException(nameof(runs), "all runs must have the same hidden layers to be trained together.");
        if (train.WavelengthCount != validation.WavelengthCount)
            throw new SpectralDataException($"training spectra have {train.WavelengthCount} wavelengths but validation spectra have {validation.WavelengthCount}.");

        var models = list.Select(r => Networks.Mlp(train.WavelengthCount, r.Hidden, r.Activation, r.Seed, init: r.Init)).ToList();
        var histories = list.Select(r => group is null
            ? new TrainingHistory(r.Label, r.Group, r.Seed, options.Loss)
            : new TrainingHistory($"{group}, seed {r.Seed}", group, r.Seed, options.Loss)).ToList();
        // The networks in activation order, cut into parts of nearly equal size: each part then holds as few activation
        // groups as it can, and each group costs a split and a concatenation per layer (measured against dealing the
        // networks out in turn: 0.88–0.89 × the time for chapter 2's ten networks, 0.90–0.92 × for chapter 3's nineteen).
        var activations = list.Select(r => Activations.Validate(r.Activation)).ToList();
        var inActivationOrder = Enumerable.Range(0, list.Count).OrderBy(i => activations[i], StringComparer.Ordinal).ThenBy(i => i).ToList();
        int partCount = Math.Clamp(parts ?? PartsFor(list.Count, list[0].Hidden, train.Count, validation.Count, options.BatchSize), 1, list.Count);
        var members = Enumerable.Range(0, partCount).Select(p => inActivationOrder
            .Take((p + 1) * list.Count / partCount).Skip(p * list.Count / partCount).ToArray()).ToArray();
        var steppers = new List<StackedMlpStepper>();
        try
        {
            foreach (var part in members)
                steppers.Add(new StackedMlpStepper(part.Select(i => (models[i], activations[i])).ToList(), train, validation, options.Loss));
            var memberOrder = members.SelectMany(part => part).ToList();
            using (var progress = TrainingProgress.Open(options, list.Count))
                TrainingLoop.Run(steppers, train.Count, options, memberOrder.Select(i => histories[i]).ToList(),
                    memberOrder.Select(i => list[i].Seed).ToList(), progress);
            for (int p = 0; p < members.Length; p++) steppers[p].WriteBack(members[p].Select(i => models[i]).ToList());
        }
        finally
        {
            foreach (var stepper in steppers) stepper.Dispose();
        }
        return new Comparison(histories, models, togetherSeconds: true);
    }

    /// <summary>
    /// How many threads <see cref="Compare"/> splits its networks across: as many as the cores allow (the cores over
    /// libtorch's threads per operation), but only where splitting cannot change a single result. Measured (libtorch 2.10,
    /// x86-64): a stack of one network is multiplied by other kernels than a stack of several, so every part keeps at
    /// least two networks; and libtorch's vectorised activations work through blocks of 32 values, so the rounding of a
    /// value can depend on where it falls in a block — unless every network contributes a multiple of 32 values to each
    /// activation, in every training batch (the last one included) and in the validation pass.
    /// </summary>
    internal static int PartsFor(int runs, IReadOnlyList<int> hidden, int trainingRows, int validationRows, int batchSize)
    {
        const int Block = 32;
        int batch = batchSize == 0 ? trainingRows : Math.Min(batchSize, trainingRows);
        int[] rowsPerPass = [batch, trainingRows % batch, validationRows];
        bool blocksAlign = hidden.All(width => rowsPerPass.All(rows => (long)rows * width % Block == 0));
        int cores = Environment.ProcessorCount / Math.Max(1, TorchSharp.torch.get_num_threads());
        return blocksAlign ? Math.Clamp(cores, 1, Math.Max(1, runs / 2)) : 1;
    }
}
