using System.Globalization;

namespace NirNet.Training;

/// <summary>
/// How to train: epochs, batch size, optimiser and learning rate, loss, schedule, early stopping, what to record and
/// what to print (chapter 1; the optimiser is chapter 4's subject, the learning rate and its schedule chapter 5's).
/// </summary>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="BatchSize">Samples per weight update; 0 means the whole training set (full batch).</param>
/// <param name="Optimizer">adam, sgd, rmsprop, adamw or adagrad.</param>
/// <param name="LearningRate">Step size of the optimiser.</param>
/// <param name="Momentum">Momentum of sgd (and rmsprop); ignored by the others.</param>
/// <param name="WeightDecay">L2 penalty (decoupled for adamw).</param>
/// <param name="Loss">mse, mae or huber.</param>
/// <param name="Schedule">How the learning rate changes over the epochs; constant when null.</param>
/// <param name="EarlyStoppingPatience">Stop after this many epochs without a better validation loss and keep the best weights; off when null.</param>
/// <param name="Seed">Seed of the order in which training samples are visited.</param>
/// <param name="RecordGradientNorms">Record each layer's weight-gradient norm at the first batch of every epoch.</param>
/// <param name="ProgressLines">How many progress lines to print during training (0 for none). In a notebook a live view
/// (a progress line and the loss chart, updated in place) stands in for them while training runs and ends as these lines.</param>
/// <param name="EpochEnded">Called with the epoch number after each epoch is recorded (for live charts, logging or measurements).</param>
public sealed record TrainingOptions(
    int Epochs = 1000,
    int BatchSize = 32,
    string Optimizer = "adam",
    double LearningRate = 1e-3,
    double Momentum = 0,
    double WeightDecay = 0,
    string Loss = "mse",
    LearningRateSchedule? Schedule = null,
    int? EarlyStoppingPatience = null,
    int Seed = 0,
    bool RecordGradientNorms = false,
    int ProgressLines = 4,
    Action<int>? EpochEnded = null)
{
    internal void Validate()
    {
        if (Epochs < 1) throw new InvalidSettingException(nameof(Epochs), $"must be at least 1, got {Epochs}.");
        if (BatchSize < 0) throw new InvalidSettingException(nameof(BatchSize), $"must be 0 (full batch) or positive, got {BatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new InvalidSettingException(nameof(LearningRate), string.Create(CultureInfo.InvariantCulture, $"must be a positive number, got {LearningRate}."));
        if (Momentum is < 0 or >= 1) throw new InvalidSettingException(nameof(Momentum), string.Create(CultureInfo.InvariantCulture, $"must be in [0, 1), got {Momentum}."));
        if (WeightDecay < 0) throw new InvalidSettingException(nameof(WeightDecay), string.Create(CultureInfo.InvariantCulture, $"must be 0 or positive, got {WeightDecay}."));
        Optimizers.Name(Optimizer);
        LossFunctions.Validate(Loss);
        if (EarlyStoppingPatience is < 1) throw new InvalidSettingException(nameof(EarlyStoppingPatience), $"must be at least 1 when set, got {EarlyStoppingPatience}.");
        if (ProgressLines < 0) throw new InvalidSettingException(nameof(ProgressLines), $"must be 0 or positive, got {ProgressLines}.");
    }
}
