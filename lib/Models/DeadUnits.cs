using NirNet.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Models;

/// <summary>
/// Dead units: hidden units that output exactly zero for every sample of a data set. A dead ReLU unit also passes no
/// gradient back, so training cannot revive it; the layer works as if it were that much narrower (chapter 2).
/// </summary>
public static class DeadUnits
{
    /// <summary>How many units of each hidden layer (after its activation) output zero for every sample of <paramref name="data"/>.</summary>
    /// <param name="model">A network from <see cref="Networks.Mlp"/> (layers named <c>act1</c>, <c>act2</c>, …).</param>
    /// <param name="data">The spectra to pass through it, scaled as for training.</param>
    /// <returns>One count per hidden layer, first to last.</returns>
    public static IReadOnlyList<int> PerLayer(Sequential model, SpectralDataset data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (x, _) = data.ToTensors();
        var counts = new List<int>();
        foreach (var (name, layer) in model.named_children())
        {
            x = ((nn.Module<Tensor, Tensor>)layer).call(x);
            if (name.StartsWith("act", StringComparison.Ordinal))
                counts.Add((int)x.ne(0).any(0).logical_not().sum().item<long>());
        }
        if (counts.Count == 0)
            throw new InvalidSettingException(nameof(model), "has no layers named act1, act2, …; pass a network made by Networks.Mlp.");
        return counts;
    }
}
