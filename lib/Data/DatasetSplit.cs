namespace NirNet.Data;

/// <summary>
/// Training, validation and test sets drawn from one dataset (chapter 1). The model learns from <see cref="Train"/>,
/// <see cref="Validation"/> shows how training goes on unseen samples, and <see cref="Test"/> is used once, at the end.
/// </summary>
/// <param name="Train">Samples the network learns from.</param>
/// <param name="Validation">Samples watched during training.</param>
/// <param name="Test">Samples kept for the final evaluation.</param>
/// <param name="Seed">Seed of the shuffle that made the split; null for a split in file order (<see cref="SpectralDataset.SplitInOrder"/>, chapter 8).</param>
public sealed record DatasetSplit(SpectralDataset Train, SpectralDataset Validation, SpectralDataset Test, int? Seed)
{
    internal static DatasetSplit Create(SpectralDataset data, double validationFraction, double testFraction, int seed)
    {
        if (validationFraction is <= 0 or >= 1 || double.IsNaN(validationFraction))
            throw new InvalidSettingException(nameof(validationFraction), $"must be between 0 and 1 (exclusive), got {validationFraction}.");
        if (testFraction is <= 0 or >= 1 || double.IsNaN(testFraction))
            throw new InvalidSettingException(nameof(testFraction), $"must be between 0 and 1 (exclusive), got {testFraction}.");
        if (validationFraction + testFraction >= 1)
            throw new InvalidSettingException(nameof(testFraction), $"validation ({validationFraction}) and test ({testFraction}) together must leave samples for training.");
        int n = data.Count;
        int validation = (int)Math.Round(n * validationFraction), test = (int)Math.Round(n * testFraction);
        int train = n - validation - test;
        if (validation < 1 || test < 1 || train < 2)
            throw new SpectralDataException(
                $"{data.Source}: {n} samples are too few for this split ({train} training, {validation} validation, {test} test); " +
                "it needs at least 2 training samples and 1 in each other set. Use more samples or other fractions.");

        int[] order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        return new DatasetSplit(
            data.Subset(order[..train]),
            data.Subset(order[train..(train + validation)]),
            data.Subset(order[(train + validation)..]),
            seed);
    }

    internal static DatasetSplit CreateInOrder(SpectralDataset data, int train, int validation)
    {
        if (train < 2)
            throw new InvalidSettingException(nameof(train), $"must be at least 2 training samples, got {train}.");
        if (validation < 1)
            throw new InvalidSettingException(nameof(validation), $"must be at least 1 validation sample, got {validation}.");
        int n = data.Count;
        if ((long)train + validation > n - 1)
            throw new InvalidSettingException(nameof(validation),
                $"{train} training and {validation} validation samples leave {n - train - validation} of the {n} samples in {data.Source} " +
                "for the test set; it needs at least 1.");
        return new DatasetSplit(
            data.Subset(Enumerable.Range(0, train).ToArray()),
            data.Subset(Enumerable.Range(train, validation).ToArray()),
            data.Subset(Enumerable.Range(train + validation, n - train - validation).ToArray()),
            null);
    }

    /// <summary>Standardises spectra and target with scalers fitted on the training set only, and applies them to all three sets.</summary>
    public ScaledSplit Standardize()
    {
        var spectra = StandardScaler.Fit(Train.Spectra);
        var target = StandardScaler.Fit(Train.Target);
        SpectralDataset Scale(SpectralDataset d) => d.WithSpectra(spectra.Transform(d.Spectra)).WithTarget(target.Transform(d.Target));
        return new ScaledSplit(Scale(Train), Scale(Validation), Scale(Test), spectra, target);
    }

    /// <summary>One line: the size of each set, and the seed of the shuffle or "in file order".</summary>
    public override string ToString() =>
        $"train {Train.Count}, validation {Validation.Count}, test {Test.Count} samples ({(Seed is int seed ? $"seed {seed}" : "in file order")})";
}
