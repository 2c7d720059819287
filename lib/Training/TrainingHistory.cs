using System.Globalization;

namespace NirNet.Training;

/// <summary>What happened in one training run, epoch by epoch (chapter 1).</summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class TrainingHistory : IHtmlDisplay
{
    readonly List<double> trainingLoss = [], validationLoss = [], learningRate = [], elapsedSeconds = [];
    readonly List<double[]> gradientNorms = [];

    internal TrainingHistory(string label, string group, int seed, string loss)
    {
        Label = label;
        Group = group;
        Seed = seed;
        Loss = LossFunctions.Label(loss);
        TrainingLoss = trainingLoss.AsReadOnly();
        ValidationLoss = validationLoss.AsReadOnly();
        LearningRate = learningRate.AsReadOnly();
        ElapsedSeconds = elapsedSeconds.AsReadOnly();
        GradientNorms = gradientNorms.AsReadOnly();
    }

    /// <summary>A name for this run, for example <c>relu, seed 1</c>.</summary>
    public string Label { get; }

    /// <summary>The setting being compared (for example the activation); runs of one group differ only by seed.</summary>
    public string Group { get; }

    /// <summary>The seed of this run.</summary>
    public int Seed { get; }

    /// <summary>The loss the run was trained and measured with, as charts name it: MSE, MAE or Huber (chapter 1).</summary>
    public string Loss { get; }

    /// <summary>Mean training loss of each epoch (on scaled targets).</summary>
    public IReadOnlyList<double> TrainingLoss { get; }

    /// <summary>Validation loss after each epoch (on scaled targets).</summary>
    public IReadOnlyList<double> ValidationLoss { get; }

    /// <summary>Learning rate used in each epoch.</summary>
    public IReadOnlyList<double> LearningRate { get; }

    /// <summary>Seconds since training started, at the end of each epoch.</summary>
    public IReadOnlyList<double> ElapsedSeconds { get; }

    /// <summary>Per epoch, the norm of each layer's weight gradient at the epoch's first batch (when recorded).</summary>
    public IReadOnlyList<double[]> GradientNorms { get; }

    /// <summary>Appends one epoch (the training loop calls it).</summary>
    internal void Record(double training, double validation, double rate, double elapsed)
    {
        trainingLoss.Add(training);
        validationLoss.Add(validation);
        learningRate.Add(rate);
        elapsedSeconds.Add(elapsed);
    }

    /// <summary>Appends one epoch's gradient norms, one per layer (the training loop calls it).</summary>
    internal void RecordGradientNorms(double[] norms) => gradientNorms.Add(norms);

    /// <summary>The epoch at which the loss stopped being a finite number, if it did.</summary>
    public int? DivergedAtEpoch { get; internal set; }

    /// <summary>
    /// Whether the run failed, judged on its own numbers: its loss stopped being a finite number (<see cref="DivergedAtEpoch"/>),
    /// or its last training loss is still at least half the loss of always predicting the mean of the scaled target (0.5 for
    /// MSE, 0.4 for MAE, 0.21 for Huber) — a dead network that learnt next to nothing. Loss charts draw failed runs apart,
    /// outside the median and the band (chapter 2).
    /// </summary>
    public bool Failed => DivergedAtEpoch is not null || !(TrainingLoss.Count > 0 && TrainingLoss[^1] < LossFunctions.OfTheMean(Loss) / 2);

    /// <summary>Why training ended before the last epoch (divergence or early stopping), if it did.</summary>
    public string? StopReason { get; internal set; }

    /// <summary>Epochs completed.</summary>
    public int Epochs => ValidationLoss.Count;

    /// <summary>The epoch whose weights early stopping restored at the end (chapter 6); null when the run kept its last weights.</summary>
    public int? RestoredEpoch { get; internal set; }

    /// <summary>
    /// Validation loss of the weights the run ended with: after the last completed epoch, or, when early stopping restored
    /// the best weights, at <see cref="RestoredEpoch"/>.
    /// </summary>
    public double FinalValidationLoss =>
        RestoredEpoch is int epoch ? ValidationLoss[epoch - 1] : ValidationLoss.Count > 0 ? ValidationLoss[^1] : double.NaN;

    /// <summary>The lowest validation loss and its epoch (1-based).</summary>
    public (double Loss, int Epoch) BestValidation =>
        ValidationLoss.Select((loss, i) => (loss, i + 1)).Where(p => double.IsFinite(p.loss)).DefaultIfEmpty((double.NaN, 0)).MinBy(p => p.Item1);

    /// <summary>The first epoch whose validation loss is at or below <paramref name="threshold"/>; null if none.</summary>
    internal int? EpochsToReach(double threshold)
    {
        int index = validationLoss.FindIndex(v => v <= threshold);
        return index < 0 ? null : index + 1;
    }

    /// <summary>
    /// The title of a loss axis, naming the loss the runs were trained with: "validation loss (MSE, scaled target)".
    /// Runs trained with different losses are not comparable on one axis.
    /// </summary>
    internal static string LossAxisTitle(IEnumerable<TrainingHistory> runs, string what)
    {
        var losses = runs.Select(h => h.Loss).Distinct().ToList();
        return losses.Count == 1
            ? $"{what} ({losses[0]}, scaled target)"
            : throw new InvalidSettingException(nameof(runs), losses.Count == 0 ? "needs at least one run." : $"mixes losses ({string.Join(", ", losses)}), which one axis cannot compare; chart them apart.");
    }

    /// <summary>One line: label, epochs, final losses, time, and the stop reason if any.</summary>
    public override string ToString()
    {
        // Each interpolated string formats with the invariant culture on its own: one nested inside another would not.
        string best = BestValidation.Epoch > 0
            ? string.Create(CultureInfo.InvariantCulture, $" (best {BestValidation.Loss:G4} at epoch {BestValidation.Epoch})") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Label}: {Epochs} epochs, training loss {(TrainingLoss.Count > 0 ? TrainingLoss[^1] : double.NaN):G4}, validation loss {FinalValidationLoss:G4}{best}, {(ElapsedSeconds.Count > 0 ? ElapsedSeconds[^1] : 0):F1} s")
            + (StopReason is null ? "" : $"; {StopReason}");
    }

    string IHtmlDisplay.ToHtml() => $"<div>{Html.Encode(ToString())}</div>";
}
