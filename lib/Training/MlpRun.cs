using NirNet.Models;

namespace NirNet.Training;

/// <summary>One fully connected network of a comparison: its hidden layers, activation, seed and initial weights (chapter 2).</summary>
/// <param name="Hidden">Width of each hidden layer.</param>
/// <param name="Activation">Activation of the hidden layers.</param>
/// <param name="Seed">Seed of the initial weights and of the order in which samples are visited.</param>
/// <param name="Init">How the initial weights are drawn (Keras's Glorot-uniform default, or He-uniform).</param>
public sealed record MlpRun(IReadOnlyList<int> Hidden, string Activation, int Seed, WeightInit Init = WeightInit.GlorotUniform)
{
    /// <summary>The setting this run shares with its other seeds: the activation, with "(He init)" after it when drawn so.</summary>
    public string Group => Init == WeightInit.HeUniform ? $"{Activations.Validate(Activation)} (He init)" : Activations.Validate(Activation);

    /// <summary>The label of this run in charts and tables.</summary>
    public string Label => $"{Group}, seed {Seed}";
}
