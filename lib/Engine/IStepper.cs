using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Engine;

/// <summary>
/// What the engine's training loop needs from the thing it trains: K ≥ 1 members that share batches of row indices.
/// <see cref="StackedMlpStepper"/> trains K fully connected networks of one shape at once, their weights stacked so that
/// each layer of all members is one batched matmul.
/// </summary>
internal interface IStepper : IDisposable
{
    int Members { get; }

    IEnumerable<Parameter> Parameters { get; }

    /// <summary>Loss of each member on the training rows <paramref name="rows"/> [K, B]: a [K] tensor attached to the graph.</summary>
    Tensor TrainingLoss(Tensor rows);

    /// <summary>Loss of each member on the whole validation set, without gradients: [K].</summary>
    Tensor ValidationLoss();

    /// <summary>Norm of each layer's weight gradient, per member: [K][layers].</summary>
    double[][] GradientNorms();

    void SetTraining(bool training);

    /// <summary>Keeps a copy of member <paramref name="member"/>'s current weights (early stopping's best epoch so far).</summary>
    void Remember(int member);

    /// <summary>Puts the copy kept by <see cref="Remember"/> back into member <paramref name="member"/>.</summary>
    void Recall(int member);
}
