namespace NirNet.Training;

/// <summary>One fully connected network of a comparison: its hidden layers, activation and seed (chapter 2).</summary>
/// <param name="Hidden">Width of each hidden layer.</param>
/// <param name="Activation">Activation of the hidden layers.</param>
/// <param name="Seed">Seed of the initial weights and of the order in which samples are visited.</param>
public sealed record MlpRun(IReadOnlyList<int> Hidden, string Activation, int Seed)
{
    /// <summary>The label of this run in charts and tables.</summary>
    public string Label => $"{Activation}, seed {Seed}";
}
