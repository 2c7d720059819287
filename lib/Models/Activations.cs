using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NirNet.Models;

/// <summary>
/// The activation functions the series compares, by the names readers know from Keras and PyTorch (chapter 2):
/// relu, sigmoid, tanh, linear, elu, selu, leaky_relu (slope 0.01 for negative inputs, PyTorch's default),
/// gelu, silu and softplus.
/// </summary>
public static class Activations
{
    static readonly string[] Known = ["relu", "sigmoid", "tanh", "linear", "elu", "selu", "leaky_relu", "gelu", "silu", "softplus"];

    /// <summary>Every name <see cref="Module(string)"/> accepts.</summary>
    public static IReadOnlyList<string> Names => Known;

    /// <summary>The activation as a TorchSharp module, for building networks.</summary>
    public static Module<Tensor, Tensor> Module(string name) => Validate(name) switch
    {
        "relu" => ReLU(),
        "sigmoid" => Sigmoid(),
        "tanh" => Tanh(),
        "linear" => Identity(),
        "elu" => ELU(),
        "selu" => SELU(),
        "leaky_relu" => LeakyReLU(0.01),
        "gelu" => GELU(),
        "silu" => SiLU(),
        _ => Softplus(),
    };

    /// <summary>The activation applied to a tensor (the same function as <see cref="Module(string)"/>).</summary>
    public static Tensor Apply(string name, Tensor x) => Validate(name) switch
    {
        "relu" => functional.relu(x),
        "sigmoid" => functional.sigmoid(x),
        "tanh" => functional.tanh(x),
        "linear" => x.alias(),
        "elu" => functional.elu(x, 1.0, false),
        "selu" => functional.selu(x),
        "leaky_relu" => functional.leaky_relu(x, 0.01),
        "gelu" => functional.gelu(x),
        "silu" => functional.silu(x),
        _ => functional.softplus(x),
    };

    /// <summary>The function and its derivative at each x, computed by TorchSharp (the derivative by autograd).</summary>
    public static (double[] Value, double[] Derivative) Evaluate(string name, IReadOnlyList<double> x)
    {
        Setup.EnsureNativeLoaded();
        using var scope = NewDisposeScope();
        var input = tensor(x.ToArray(), dtype: float64).requires_grad_(true);
        var output = Apply(name, input);
        output.sum().backward();
        return (output.detach().data<double>().ToArray(), input.grad!.data<double>().ToArray());
    }

    /// <summary>Checks a name and returns it in lower case; an unknown name is an error listing the valid ones.</summary>
    public static string Validate(string name)
    {
        string key = (name ?? "").Trim().ToLowerInvariant();
        return Known.Contains(key)
            ? key
            : throw new InvalidSettingException("activation", $"unknown activation '{name}'. Valid names: {string.Join(", ", Known)}.");
    }
}
