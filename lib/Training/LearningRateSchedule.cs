namespace NirNet.Training;

/// <summary>How the learning rate changes from epoch to epoch (chapter 5).</summary>
public abstract record LearningRateSchedule
{
    /// <summary>Multiplies the rate by <paramref name="factor"/> (in (0, 1]) every <paramref name="everyEpochs"/> epochs (at least 1).</summary>
    public static LearningRateSchedule Step(int everyEpochs, double factor) =>
        everyEpochs >= 1
            ? new StepSchedule(everyEpochs, CheckFactor(factor))
            : throw new InvalidSettingException(nameof(everyEpochs), $"must be at least 1, got {everyEpochs}.");

    /// <summary>Multiplies the rate by <paramref name="factor"/> (in (0, 1]) after every epoch.</summary>
    public static LearningRateSchedule Exponential(double factor) => new ExponentialSchedule(CheckFactor(factor));

    /// <summary>Lowers the rate along half a cosine wave, from the initial rate to <paramref name="minimum"/> (0 or more) at the last epoch.</summary>
    public static LearningRateSchedule Cosine(double minimum = 0) =>
        minimum >= 0 && double.IsFinite(minimum)
            ? new CosineSchedule(minimum)
            : throw new InvalidSettingException(nameof(minimum), $"must be 0 or a positive number, got {minimum}.");

    /// <summary>
    /// Multiplies the rate by <paramref name="factor"/> (in (0, 1]) when the validation loss has not improved for
    /// <paramref name="patience"/> epochs (at least 1).
    /// </summary>
    public static LearningRateSchedule ReduceOnPlateau(double factor = 0.1, int patience = 10) =>
        patience >= 1
            ? new PlateauSchedule(CheckFactor(factor), patience)
            : throw new InvalidSettingException(nameof(patience), $"must be at least 1, got {patience}.");

    /// <summary>A factor that lowers the rate (or, at 1, keeps it): a larger one would make it grow without bound.</summary>
    static double CheckFactor(double factor) =>
        factor is > 0 and <= 1 ? factor : throw new InvalidSettingException(nameof(factor), $"must be in (0, 1], got {factor}.");

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
