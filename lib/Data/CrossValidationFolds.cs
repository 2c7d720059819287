using System.Globalization;

namespace NirNet.Data;

/// <summary>
/// K-fold cross-validation of a training set (chapter 8): the samples are dealt into k folds by an
/// <see cref="FoldAssignment"/>; in turn each fold is held out while a model learns from the other k − 1, so that every
/// sample is predicted once by a model that did not see it. Folds are numbered from 0 in code and from 1 in messages.
/// </summary>
public sealed class CrossValidationFolds
{
    readonly int[] foldOf;

    CrossValidationFolds(int[] foldOf, int k, FoldAssignment assignment, int? seed)
    {
        this.foldOf = foldOf;
        K = k;
        Assignment = assignment;
        Seed = seed;
    }

    /// <summary>
    /// Deals <paramref name="sampleCount"/> samples into <paramref name="k"/> folds. With n samples, the first n mod k folds
    /// hold ⌊n/k⌋ + 1 samples, the others ⌊n/k⌋.
    /// </summary>
    /// <param name="sampleCount">The number of samples of the training set, n.</param>
    /// <param name="k">The number of folds, from 2 to n (n folds: leave-one-out).</param>
    /// <param name="assignment">Contiguous blocks, venetian blinds or seeded random folds.</param>
    /// <param name="seed">The seed of the shuffle for <see cref="FoldAssignment.Random"/>; not used otherwise.</param>
    public static CrossValidationFolds Create(int sampleCount, int k, FoldAssignment assignment = FoldAssignment.ContiguousBlocks, int seed = 42)
    {
        if (sampleCount < 2)
            throw new InvalidSettingException(nameof(sampleCount), $"cross-validation needs at least 2 samples, got {sampleCount}.");
        if (k < 2)
            throw new InvalidSettingException(nameof(k), $"must be at least 2 folds (one held out, at least one to learn from), got {k}.");
        if (k > sampleCount)
            throw new InvalidSettingException(nameof(k), $"must be at most the number of samples, {sampleCount} (leave-one-out), got {k}: a fold cannot be empty.");
        if (!Enum.IsDefined(assignment))
            throw new InvalidSettingException(nameof(assignment), $"is {(int)assignment}; use ContiguousBlocks, VenetianBlinds or Random.");
        var foldOf = new int[sampleCount];
        if (assignment == FoldAssignment.VenetianBlinds)
        {
            for (int i = 0; i < sampleCount; i++) foldOf[i] = i % k;
            return new CrossValidationFolds(foldOf, k, assignment, null);
        }
        int[] order = Enumerable.Range(0, sampleCount).ToArray();
        if (assignment == FoldAssignment.Random) new System.Random(seed).Shuffle(order);
        int position = 0;
        for (int fold = 0; fold < k; fold++)
        {
            int size = sampleCount / k + (fold < sampleCount % k ? 1 : 0);
            for (int m = 0; m < size; m++) foldOf[order[position++]] = fold;
        }
        return new CrossValidationFolds(foldOf, k, assignment, assignment == FoldAssignment.Random ? seed : null);
    }

    /// <summary>The number of folds.</summary>
    public int K { get; }

    /// <summary>How the samples were dealt into the folds.</summary>
    public FoldAssignment Assignment { get; }

    /// <summary>The seed of the shuffle for <see cref="FoldAssignment.Random"/>; null for the other assignments.</summary>
    public int? Seed { get; }

    /// <summary>The number of samples the folds were made for.</summary>
    public int SampleCount => foldOf.Length;

    /// <summary>The fold (from 0) that holds out each sample, in the order of the data.</summary>
    public IReadOnlyList<int> FoldOf => Array.AsReadOnly(foldOf);

    /// <summary>The rows (from 0, increasing) that fold <paramref name="fold"/> holds out.</summary>
    /// <param name="fold">The fold, from 0 to <see cref="K"/> − 1.</param>
    public int[] TestRows(int fold) => Rows(fold, heldOut: true);

    /// <summary>The rows (from 0, increasing) a model learns from while fold <paramref name="fold"/> is held out: all the others.</summary>
    /// <param name="fold">The fold, from 0 to <see cref="K"/> − 1.</param>
    public int[] TrainingRows(int fold) => Rows(fold, heldOut: false);

    /// <summary>
    /// The samples of <paramref name="data"/> to learn from and the samples held out, for fold <paramref name="fold"/>.
    /// </summary>
    /// <param name="data">The training set the folds were made for (the same number of samples, in the same order).</param>
    /// <param name="fold">The fold, from 0 to <see cref="K"/> − 1.</param>
    public (SpectralDataset Train, SpectralDataset Test) Split(SpectralDataset data, int fold)
    {
        CheckFor(data, nameof(data));
        return (data.Subset(TrainingRows(fold)), data.Subset(TestRows(fold)));
    }

    /// <summary>Throws unless <paramref name="data"/> has the number of samples the folds were made for.</summary>
    internal void CheckFor(SpectralDataset data, string parameter)
    {
        if (data.Count != SampleCount)
            throw new InvalidSettingException(parameter,
                $"{data.Source} has {data.Count} samples, but the folds were made for {SampleCount}; make them with CrossValidationFolds.Create({data.Count}, …).");
    }

    int[] Rows(int fold, bool heldOut)
    {
        if (fold < 0 || fold >= K)
            throw new InvalidSettingException(nameof(fold), $"must be from 0 to {K - 1}, got {fold}.");
        return Enumerable.Range(0, SampleCount).Where(i => (foldOf[i] == fold) == heldOut).ToArray();
    }

    /// <summary>A name for the assignment in tables and captions, such as <c>10-fold, venetian blinds</c>.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture, $"{K}-fold, {Assignment switch
    {
        FoldAssignment.ContiguousBlocks => "contiguous blocks",
        FoldAssignment.VenetianBlinds => "venetian blinds",
        _ => $"random (seed {Seed})",
    }}");

    /// <summary>One line: the assignment and the fold sizes.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Description}: {SampleCount} samples in folds of {string.Join(", ", foldOf.CountBy(f => f).OrderBy(c => c.Key).Select(c => c.Value))}");
}
