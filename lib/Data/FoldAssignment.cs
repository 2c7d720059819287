namespace NirNet.Data;

/// <summary>
/// How <see cref="CrossValidationFolds"/> deals the samples of a training set into k folds (chapter 8). Every sample is held
/// out exactly once; with n samples, the first n mod k folds hold one sample more than the others.
/// </summary>
public enum FoldAssignment
{
    /// <summary>
    /// Contiguous blocks in the order of the data: fold 1 holds the first samples, fold 2 the next, and so on (scikit-learn's
    /// <c>KFold</c> without shuffling). For data in measurement order, each fold is a stretch of time held out whole.
    /// </summary>
    ContiguousBlocks,

    /// <summary>
    /// Venetian blinds: sample i (from 0) goes to fold i mod k, so each fold takes every k-th sample and spans the whole
    /// order of the data (the default of many chemometrics packages; replicates measured one after another land in different folds).
    /// </summary>
    VenetianBlinds,

    /// <summary>
    /// Seeded random folds: the samples are shuffled with the seed (as <see cref="SpectralDataset.Split"/> shuffles), then
    /// dealt in contiguous blocks of the shuffled order. The same seed gives the same folds.
    /// </summary>
    Random,
}
