namespace NirNet.Training;

/// <summary>
/// How to train: epochs, batch size, optimiser and learning rate, loss, schedule, early stopping, what to record and
/// what to print (chapter 1; the optimiser is chapter 3's subject, the learning rate and its schedule chapter 4's).
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
/// <param name="ProgressLines">How many progress lines to print during training (0 for none).</param>
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
    internal static readonly string[] Optimizers = ["adam", "sgd", "rmsprop", "adamw", "adagrad"];
    internal static readonly string[] Losses = ["mse", "mae", "huber"];

    internal void Validate()
    {
        if (Epochs < 1) throw new InvalidSettingException(nameof(Epochs), $"must be at least 1, got {Epochs}.");
        if (BatchSize < 0) throw new InvalidSettingException(nameof(BatchSize), $"must be 0 (full batch) or positive, got {BatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new InvalidSettingException(nameof(LearningRate), $"must be a positive number, got {LearningRate}.");
        if (Momentum is < 0 or >= 1) throw new InvalidSettingException(nameof(Momentum), $"must be in [0, 1), got {Momentum}.");
        if (WeightDecay < 0) throw new InvalidSettingException(nameof(WeightDecay), $"must be 0 or positive, got {WeightDecay}.");
        if (!Optimizers.Contains(Optimizer)) throw new InvalidSettingException(nameof(Optimizer), $"unknown optimiser '{Optimizer}'. Valid names: {string.Join(", ", Optimizers)}.");
        if (!Losses.Contains(Loss)) throw new InvalidSettingException(nameof(Loss), $"unknown loss '{Loss}'. Valid names: {string.Join(", ", Losses)}.");
        if (EarlyStoppingPatience is < 1) throw new InvalidSettingException(nameof(EarlyStoppingPatience), $"must be at least 1 when set, got {EarlyStoppingPatience}.");
        if (ProgressLines < 0) throw new InvalidSettingException(nameof(ProgressLines), $"must be 0 or positive, got {ProgressLines}.");
    }
}

/// <summary>How the learning rate changes from epoch to epoch (chapter 4).</summary>
public abstract record LearningRateSchedule
{
    /// <summary>Multiplies the rate by <paramref name="factor"/> every <paramref name="everyEpochs"/> epochs.</summary>
    public static LearningRateSchedule Step(int everyEpochs, double factor) => new StepSchedule(everyEpochs, factor);

    /// <summary>Multiplies the rate by <paramref name="factor"/> after every epoch.</summary>
    public static LearningRateSchedule Exponential(double factor) => new ExponentialSchedule(factor);

    /// <summary>Lowers the rate along half a cosine wave, from the initial rate to <paramref name="minimum"/> at the last epoch.</summary>
    public static LearningRateSchedule Cosine(double minimum = 0) => new CosineSchedule(minimum);

    /// <summary>Multiplies the rate by <paramref name="factor"/> when the validation loss has not improved for <paramref name="patience"/> epochs.</summary>
    public static LearningRateSchedule ReduceOnPlateau(double factor = 0.1, int patience = 10) => new PlateauSchedule(factor, patience);

    /// <summary>Whether the schedule reacts to the validation loss (and so cannot be shared by runs trained together).</summary>
    internal virtual bool FollowsValidationLoss => false;

    /// <summary>The rate for the epoch after <paramref name="epoch"/> (1-based), given what happened so far.</summary>
    internal abstract double Next(int epoch, int epochs, double initial, double current, IReadOnlyList<double> validationLosses);

    sealed record StepSchedule(int Every, double Factor) : LearningRateSchedule
    {
        internal override double Next(int epoch, int epochs, double initial, double current, IReadOnlyList<double> validation) =>
            initial * Math.Pow(Factor, epoch / Every);
    }

    sealed record ExponentialSchedule(double Factor) : LearningRateSchedule
    {
        internal override double Next(int epoch, int epochs, double initial, double current, IReadOnlyList<double> validation) =>
            initial * Math.Pow(Factor, epoch);
    }

    sealed record CosineSchedule(double Minimum) : LearningRateSchedule
    {
        internal override double Next(int epoch, int epochs, double initial, double current, IReadOnlyList<double> validation) =>
            Minimum + (initial - Minimum) * (1 + Math.Cos(Math.PI * epoch / epochs)) / 2;
    }

    sealed record PlateauSchedule(double Factor, int Patience) : LearningRateSchedule
    {
        internal override bool FollowsValidationLoss => true;

        internal override double Next(int epoch, int epochs, double initial, double current, IReadOnlyList<double> validation)
        {
            int best = validation.Count - 1 - validation.Reverse().Select((v, i) => (v, i)).MinBy(p => p.v).i;
            int sinceBest = validation.Count - 1 - best;
            return sinceBest > 0 && sinceBest % Patience == 0 ? current * Factor : current;
        }
    }
}
