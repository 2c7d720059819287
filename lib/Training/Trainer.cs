using NirNet.Data;
using NirNet.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Training;

/// <summary>
/// Trains networks and records what happened (chapter 1); compares many fully connected networks at once (chapter 2);
/// repeats any network over several seeds (chapter 6).
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="model"/> in place on <paramref name="train"/>, watching <paramref name="validation"/> after every epoch.
    /// With early stopping, training ends when the validation loss has not improved for the patience, and the weights of
    /// the best validation epoch are restored at the end (also when the epochs run out first).
    /// </summary>
    public static TrainingHistory Fit(nn.Module<Tensor, Tensor> model, SpectralDataset train, SpectralDataset validation,
        TrainingOptions? options = null, string label = "model")
    {
        options ??= new TrainingOptions();
        options.Validate();
        using var progress = TrainingProgress.Open(options, runs: 1);
        return FitAs(model, train, validation, options, label, label, progress);
    }

    static TrainingHistory FitAs(nn.Module<Tensor, Tensor> model, SpectralDataset train, SpectralDataset validation,
        TrainingOptions options, string label, string group, ITrainingProgress progress)
    {
        CheckShapes(train, validation);
        Setup.EnsureNativeLoaded();
        var history = new TrainingHistory(label, group, options.Seed, options.Loss);
        using var stepper = new ModuleStepper(model, train, validation, options.Loss);
        TrainingLoop.Run(stepper, train.Count, options, [history], [options.Seed], progress);
        return history;
    }

    /// <summary>
    /// Trains several fully connected networks of one shape as one batched computation, each as <see cref="Fit"/> would
    /// train it alone with the same seed (up to floating-point rounding); returns every run's history and trained network.
    /// </summary>
    /// <param name="runs">The networks; they may differ in activation and seed, not in hidden layers.</param>
    /// <param name="train">Scaled training set.</param>
    /// <param name="validation">Scaled validation set, evaluated after every epoch.</param>
    /// <param name="options">Training settings shared by all runs (each run's <see cref="MlpRun.Seed"/> replaces <see cref="TrainingOptions.Seed"/>).</param>
    /// <param name="group">Name of the setting these runs share, for charts and tables; by default each run's <see cref="MlpRun.Group"/>.</param>
    public static Comparison Compare(IEnumerable<MlpRun> runs, SpectralDataset train, SpectralDataset validation, TrainingOptions? options = null, string? group = null)
    {
        options ??= new TrainingOptions();
        options.Validate();
        if (options.Schedule?.FollowsValidationLoss == true)
            throw new InvalidSettingException(nameof(options), "reduce-on-plateau changes one learning rate from one run's validation loss; train such runs one by one with Trainer.Repeat.");
        var list = runs.ToList();
        if (list.Count == 0) throw new InvalidSettingException(nameof(runs), "needs at least one run.");
        if (list.Select(r => string.Join(",", r.Hidden)).Distinct().Count() > 1)
            throw new InvalidSettingException(nameof(runs), "all runs must have the same hidden layers to be trained together.");
        CheckShapes(train, validation);
        Setup.EnsureNativeLoaded();

        var models = list.Select(r => Networks.Mlp(train.WavelengthCount, r.Hidden, r.Activation, r.Seed, init: r.Init)).ToList();
        var histories = list.Select(r => group is null
            ? new TrainingHistory(r.Label, r.Group, r.Seed, options.Loss)
            : new TrainingHistory($"{group}, seed {r.Seed}", group, r.Seed, options.Loss)).ToList();
        using (var progress = TrainingProgress.Open(options, list.Count))
        using (var stepper = new StackedMlpStepper(models.Zip(list, (m, r) => (m, Activations.Validate(r.Activation))).ToList(), train, validation, options.Loss))
        {
            TrainingLoop.Run(stepper, train.Count, options, histories, list.Select(r => r.Seed).ToList(), progress);
            stepper.WriteBack(models);
        }
        return new Comparison(histories, models, togetherSeconds: true);
    }

    /// <summary>
    /// Trains one network per seed, one after the other, with <see cref="Fit"/>: for settings <see cref="Compare"/> cannot
    /// batch — other architectures (such as <see cref="Networks.Cnn1d"/>), dropout, reduce-on-plateau.
    /// The seed is passed to <paramref name="network"/> (initial weights) and replaces <see cref="TrainingOptions.Seed"/>
    /// (visiting order), so an MLP repeated here trains as the same run in <see cref="Compare"/> (up to rounding).
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

    static void CheckShapes(SpectralDataset train, SpectralDataset validation)
    {
        if (train.WavelengthCount != validation.WavelengthCount)
            throw new SpectralDataException($"training spectra have {train.WavelengthCount} wavelengths but validation spectra have {validation.WavelengthCount}.");
    }
}
