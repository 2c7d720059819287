using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Training;

/// <summary>
/// The optimisers <see cref="TrainingOptions.Optimizer"/> names, each TorchSharp's own <c>torch.optim</c> optimiser made
/// from the options (chapter 4 compares them): adam, sgd, rmsprop, adamw and adagrad.
/// </summary>
internal static class Optimizers
{
    static readonly NameTable<Func<IEnumerable<Parameter>, TrainingOptions, optim.Optimizer>> Table = new(nameof(TrainingOptions.Optimizer), "optimiser",
        ("adam", (p, o) => optim.Adam(p, lr: o.LearningRate, weight_decay: o.WeightDecay)),
        ("sgd", (p, o) => optim.SGD(p, o.LearningRate, momentum: o.Momentum, weight_decay: o.WeightDecay)),
        ("rmsprop", (p, o) => optim.RMSProp(p, lr: o.LearningRate, momentum: o.Momentum, weight_decay: o.WeightDecay)),
        ("adamw", (p, o) => optim.AdamW(p, lr: o.LearningRate, weight_decay: o.WeightDecay)),
        ("adagrad", (p, o) => optim.Adagrad(p, lr: o.LearningRate, weight_decay: o.WeightDecay)));

    /// <summary>The optimiser's name in lower case; an unknown one is an error listing the valid names.</summary>
    public static string Name(string optimizer) => Table.Validate(optimizer);

    /// <summary>The optimiser <paramref name="options"/> name, over <paramref name="parameters"/>, at its learning rate.</summary>
    public static optim.Optimizer Create(IEnumerable<Parameter> parameters, TrainingOptions options) => Table[options.Optimizer](parameters, options);

    /// <summary>Sets the learning rate of every parameter group (schedules and the range test change it between steps).</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }
}
