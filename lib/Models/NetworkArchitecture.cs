using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Models;

/// <summary>
/// What <see cref="Networks.Mlp"/> or <see cref="Networks.Cnn1d"/> needs to make a network again: read from a trained network's
/// layers, written to and read from a saved model's metadata (chapter 8). Only these two factories' networks can be saved.
/// </summary>
internal abstract record NetworkArchitecture(int Inputs, string Activation)
{
    /// <summary>A fresh network of this architecture (initial weights of seed 0, to be replaced by saved ones).</summary>
    public abstract Sequential Build();

    /// <summary>
    /// The architecture of <paramref name="network"/>, made by <see cref="Networks.Mlp"/> or <see cref="Networks.Cnn1d"/> for
    /// <paramref name="inputs"/> wavelengths; any other network is an <see cref="InvalidSettingException"/>. The network built
    /// from the result is checked to have exactly the same weights, by name and shape.
    /// </summary>
    public static NetworkArchitecture Of(Sequential network, int inputs)
    {
        var layers = new Layers(network.named_children().ToList());
        NetworkArchitecture architecture = layers.Peek("channel") ? CnnOf(layers, inputs) : MlpOf(layers, inputs);
        using var rebuilt = architecture.Build();
        string expected = Shapes(rebuilt), found = Shapes(network);
        if (expected != found)
            throw new InvalidSettingException(nameof(network),
                $"its weights ({found}) are not those of {architecture} ({expected}); only networks made by Networks.Mlp or Networks.Cnn1d " +
                $"for the {inputs} wavelengths of the data can be saved.");
        return architecture;
    }

    /// <summary>Every weight and bias, by name and shape, in order.</summary>
    static string Shapes(nn.Module network) =>
        string.Join("; ", network.state_dict().Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}]"));

    static MlpArchitecture MlpOf(Layers layers, int inputs)
    {
        var (hidden, activation, dropout) = DenseHead(layers, allowDropout: true);
        return new MlpArchitecture(inputs, hidden, activation ?? "relu", dropout);
    }

    static CnnArchitecture CnnOf(Layers layers, int inputs)
    {
        layers.Take<Unflatten>("channel");
        var channels = new List<int>();
        int kernelSize = 0;
        string? activation = null;
        for (int i = 1; layers.Peek($"conv{i}"); i++)
        {
            var conv = layers.Take<Conv1d>($"conv{i}");
            channels.Add((int)conv.weight!.shape[0]);
            kernelSize = (int)conv.weight.shape[2];
            activation = layers.Activation($"act_conv{i}", activation);
            layers.Take<MaxPool1d>($"pool{i}");
        }
        layers.Take<Flatten>("flatten");
        var (dense, headActivation, _) = DenseHead(layers, allowDropout: false);
        if (activation is null || (headActivation is not null && headActivation != activation))
            throw layers.NotSaveable("the convolutions and the dense layers must share one activation");
        return new CnnArchitecture(inputs, channels, kernelSize, dense, activation);
    }

    /// <summary>Reads <c>dense1</c>, <c>act1</c>, (<c>drop1</c>,) … and <c>output</c>: hidden widths, activation (null without hidden layers), dropout.</summary>
    static (List<int> Hidden, string? Activation, double Dropout) DenseHead(Layers layers, bool allowDropout)
    {
        var hidden = new List<int>();
        string? activation = null;
        double? dropout = null;
        for (int i = 1; layers.Peek($"dense{i}"); i++)
        {
            hidden.Add((int)layers.Take<Linear>($"dense{i}").weight!.shape[0]);
            activation = layers.Activation($"act{i}", activation);
            if (allowDropout && layers.Peek($"drop{i}"))
            {
                double p = layers.Take<Dropout>($"drop{i}").p;
                if (dropout is not null && dropout != p) throw layers.NotSaveable("every dropout layer must drop the same share");
                dropout = p;
            }
        }
        layers.Take<Linear>("output");
        layers.End();
        return (hidden, activation, dropout ?? 0);
    }

    /// <summary>The network's layers, read in order.</summary>
    sealed class Layers(List<(string Name, nn.Module Module)> layers)
    {
        int next;

        public bool Peek(string name) => next < layers.Count && layers[next].Name == name;

        public T Take<T>(string name) where T : nn.Module =>
            Peek(name) && layers[next].Module is T layer ? Advance(layer) : throw NotSaveable($"expected a {typeof(T).Name} layer named '{name}'");

        /// <summary>Takes the activation layer <paramref name="name"/>, which must be the same as <paramref name="previous"/> when there was one.</summary>
        public string Activation(string name, string? previous)
        {
            string? activation = Peek(name) ? Activations.NameOf(layers[next].Module) : null;
            if (activation is null || (previous is not null && activation != previous))
                throw NotSaveable($"expected the activation layer '{name}'{(previous is null ? "" : $" ({previous}, as before)")}");
            next++;
            return activation;
        }

        public void End()
        {
            if (next < layers.Count) throw NotSaveable("expected no layer after 'output'");
        }

        public InvalidSettingException NotSaveable(string expectation)
        {
            string found = next < layers.Count ? $"layer {next + 1} is '{layers[next].Name}' ({layers[next].Module.GetType().Name})" : "the network ends there";
            return new InvalidSettingException("network",
                $"{expectation}, but {found}. Only networks made by Networks.Mlp or Networks.Cnn1d can be saved.");
        }

        T Advance<T>(T layer)
        {
            next++;
            return layer;
        }
    }
}

/// <summary>A network of <see cref="Networks.Mlp"/>: its input width, hidden layers, activation and dropout.</summary>
internal sealed record MlpArchitecture(int Inputs, IReadOnlyList<int> Hidden, string Activation, double Dropout)
    : NetworkArchitecture(Inputs, Activation)
{
    public override Sequential Build() => Networks.Mlp(Inputs, Hidden, Activation, dropout: Dropout);

    /// <summary>For example <c>MLP 100 → 256 → 128 → 1, sigmoid</c>.</summary>
    public override string ToString()
    {
        // Formatted on its own: an interpolated string nested inside another would use the current culture.
        string dropout = Dropout > 0 ? string.Create(CultureInfo.InvariantCulture, $", dropout {Dropout}") : "";
        return string.Create(CultureInfo.InvariantCulture, $"MLP {string.Join(" → ", Hidden.Prepend(Inputs).Append(1))}, {Activation}{dropout}");
    }
}

/// <summary>A network of <see cref="Networks.Cnn1d"/>: its input width, convolution channels, filter width, dense head and activation.</summary>
internal sealed record CnnArchitecture(int Inputs, IReadOnlyList<int> Channels, int KernelSize, IReadOnlyList<int> Dense, string Activation)
    : NetworkArchitecture(Inputs, Activation)
{
    public override Sequential Build() => Networks.Cnn1d(Inputs, Channels, KernelSize, Dense, Activation);

    /// <summary>For example <c>CNN on 100 wavelengths, channels 8, 16, kernel 9, dense 32, relu</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"CNN on {Inputs} wavelengths, channels {string.Join(", ", Channels)}, kernel {KernelSize}, dense {string.Join(", ", Dense)}, {Activation}");
}
