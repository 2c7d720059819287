using NirNet.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Engine;

/// <summary>
/// The optimiser step of the engine's training loop: Adam and AdamW are <see cref="FusedAdam"/>, the others TorchSharp's
/// optimisers as the core makes them (<see cref="Optimizers"/>). The learning rate can change between steps (schedules).
/// </summary>
internal abstract class WeightUpdate(IReadOnlyList<Parameter> parameters) : IDisposable
{
    /// <summary>
    /// The update <see cref="TrainingOptions.Optimizer"/> names: <see cref="FusedAdam"/> for adam and adamw, TorchSharp's
    /// optimiser for the others. The parameters of adam and adamw must be contiguous float32 CPU tensors.
    /// </summary>
    public static WeightUpdate For(IReadOnlyList<Parameter> parameters, TrainingOptions options) => Optimizers.Name(options.Optimizer) switch
    {
        "adam" => new FusedAdam(parameters, options.LearningRate, options.WeightDecay, decoupledWeightDecay: false),
        "adamw" => new FusedAdam(parameters, options.LearningRate, options.WeightDecay, decoupledWeightDecay: true),
        _ => new TorchOptimizer(parameters, Optimizers.Create(parameters, options)),
    };

    public abstract double LearningRate { set; }

    /// <summary>
    /// Forgets the gradients of the last step. Dropping them, rather than filling them with zeros, lets the next
    /// backward pass write fresh ones in one pass instead of adding to zeros.
    /// </summary>
    public void DropGradients()
    {
        foreach (var parameter in parameters) parameter.grad = null;
    }

    /// <summary>Updates every parameter that has a gradient from that gradient.</summary>
    public abstract void Step();

    public abstract void Dispose();

    sealed class TorchOptimizer(IReadOnlyList<Parameter> parameters, optim.Optimizer optimizer) : WeightUpdate(parameters)
    {
        public override double LearningRate
        {
            set { foreach (var group in optimizer.ParamGroups) group.LearningRate = value; }
        }

        public override void Step() => optimizer.step();

        public override void Dispose() => optimizer.Dispose();
    }
}
