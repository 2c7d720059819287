using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NirNet.Models;

/// <summary>
/// Factories of the networks the series trains. Each draws its initial weights as Keras does by default, which the
/// original TensorFlow series got (Glorot-uniform weights, zero biases), from its own generator seeded with
/// <c>seed</c>, so two networks of the same shape and seed start from identical weights whatever their activation,
/// and nothing depends on torch's global random state (chapters 1, 2 and 7).
/// </summary>
public static class Networks
{
    /// <summary>The fully connected stack of the original series' activation post: 256, 128, 64, 32, 16 and 4 hidden units.</summary>
    public static IReadOnlyList<int> OriginalHiddenLayers { get; } = [256, 128, 64, 32, 16, 4];

    /// <summary>
    /// A fully connected regression network: <paramref name="inputs"/> → hidden layers with <paramref name="activation"/>
    /// → one linear output neuron. Layers are named <c>dense1</c>, <c>act1</c>, …, <c>output</c>.
    /// </summary>
    /// <param name="inputs">Input width: the number of wavelengths.</param>
    /// <param name="hidden">Width of each hidden layer, first to last.</param>
    /// <param name="activation">Activation of the hidden layers (see <see cref="Activations"/> for the names).</param>
    /// <param name="seed">Seed of the initial weights.</param>
    /// <param name="dropout">Share of each hidden layer's outputs set to zero at random in every training step (chapter 6); 0 for none.
    /// Layers named <c>drop1</c>, … follow the activations. Dropout is off when the network is evaluated.</param>
    /// <param name="init">How the initial weights are drawn: Keras's Glorot-uniform default, or He-uniform (the usual choice for ReLU).</param>
    public static Sequential Mlp(int inputs, IReadOnlyList<int> hidden, string activation = "relu", int seed = 0, double dropout = 0,
        WeightInit init = WeightInit.GlorotUniform)
    {
        Setup.EnsureNativeLoaded();
        if (inputs < 1) throw new InvalidSettingException(nameof(inputs), $"must be at least 1, got {inputs}.");
        if (hidden.Any(h => h < 1)) throw new InvalidSettingException(nameof(hidden), $"every layer needs at least 1 unit, got [{string.Join(", ", hidden)}].");
        if (dropout is < 0 or >= 1 || double.IsNaN(dropout)) throw new InvalidSettingException(nameof(dropout), $"must be in [0, 1), got {dropout}.");
        string act = Activations.Validate(activation);
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        return DenseHead(layers, inputs, hidden, act, seed, dropout, init);
    }

    /// <summary>Appends hidden dense layers and the linear output unit, builds the network and draws its weights.</summary>
    static Sequential DenseHead(List<(string, Module<Tensor, Tensor>)> layers, int width, IReadOnlyList<int> hidden, string activation, int seed,
        double dropout = 0, WeightInit init = WeightInit.GlorotUniform)
    {
        for (int i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"dense{i + 1}", Linear(width, hidden[i])));
            layers.Add(($"act{i + 1}", Activations.Module(activation)));
            if (dropout > 0) layers.Add(($"drop{i + 1}", Dropout(dropout)));
            width = hidden[i];
        }
        layers.Add(("output", Linear(width, 1)));
        var model = Sequential(layers);
        Initialize(model, seed, init);
        return model;
    }

    /// <summary>
    /// A 1-D convolutional regression network for spectra: blocks of convolution, activation and max-pooling along the
    /// wavelength axis, then a fully connected head with one linear output. Its input is [samples, wavelengths].
    /// </summary>
    /// <param name="inputs">Number of wavelengths.</param>
    /// <param name="channels">Filters of each convolution block.</param>
    /// <param name="kernelSize">Width of each filter, in wavelength steps (odd).</param>
    /// <param name="dense">Width of each hidden layer of the head.</param>
    /// <param name="activation">Activation after each convolution and hidden layer.</param>
    /// <param name="seed">Seed of the initial weights.</param>
    public static Sequential Cnn1d(int inputs, IReadOnlyList<int> channels, int kernelSize = 9, IReadOnlyList<int>? dense = null,
        string activation = "relu", int seed = 0)
    {
        Setup.EnsureNativeLoaded();
        if (kernelSize < 1 || kernelSize % 2 == 0) throw new InvalidSettingException(nameof(kernelSize), $"must be odd and positive, got {kernelSize}.");
        string act = Activations.Validate(activation);
        var layers = new List<(string, Module<Tensor, Tensor>)> { ("channel", Unflatten(1, [1, inputs])) };
        int length = inputs, depth = 1;
        for (int i = 0; i < channels.Count; i++)
        {
            layers.Add(($"conv{i + 1}", Conv1d(depth, channels[i], kernelSize, padding: kernelSize / 2)));
            layers.Add(($"act_conv{i + 1}", Activations.Module(act)));
            layers.Add(($"pool{i + 1}", MaxPool1d(2)));
            depth = channels[i];
            length /= 2;
            if (length < 1) throw new InvalidSettingException(nameof(channels), $"{channels.Count} pooling blocks halve {inputs} wavelengths to nothing; use fewer blocks.");
        }
        layers.Add(("flatten", Flatten()));
        return DenseHead(layers, depth * length, dense ?? [32], act, seed);
    }

    /// <summary>
    /// Draws every weight of <paramref name="model"/> uniformly within the limit of <paramref name="init"/>, from a
    /// generator seeded with <paramref name="seed"/>, layer by layer in order, and sets every bias to zero.
    /// </summary>
    static void Initialize(Module model, int seed, WeightInit init)
    {
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var (_, layer) in model.named_modules())
        {
            if (layer is not (TorchSharp.Modules.Linear or TorchSharp.Modules.Conv1d)) continue;
            var weight = (Parameter)layer.get_parameter("weight")!;
            long fanOut = weight.shape[0], fanIn = weight.numel() / fanOut;
            long receptive = weight.numel() / (fanOut * (weight.shape.Length > 1 ? weight.shape[1] : 1));
            double limit = init == WeightInit.HeUniform ? Math.Sqrt(6.0 / fanIn) : Math.Sqrt(6.0 / (fanIn + fanOut * receptive));
            Uniform(weight, limit, generator);
            layer.get_parameter("bias")?.zero_();
        }
    }

    static void Uniform(Tensor target, double limit, Generator generator)
    {
        using var draw = rand(target.shape, generator: generator);
        target.copy_(draw.mul_(2 * limit).sub_(limit));
    }
}
