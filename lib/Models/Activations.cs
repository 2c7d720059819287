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
    /// <summary>One activation as a module (for building networks) and as a function of a tensor (the same function).</summary>
    sealed record Activation(Func<Module<Tensor, Tensor>> Module, Func<Tensor, Tensor> Apply);

    static readonly NameTable<Activation> Table = new("activation", "activation",
        ("relu", new(() => ReLU(), x => functional.relu(x))),
        ("sigmoid", new(() => Sigmoid(), x => functional.sigmoid(x))),
        ("tanh", new(() => Tanh(), x => functional.tanh(x))),
        ("linear", new(() => Identity(), x => x.alias())),
        ("elu", new(() => ELU(), Elu)),
        ("selu", new(() => SELU(), x => functional.selu(x))),
        ("leaky_relu", new(() => LeakyReLU(0.01), LeakyRelu)),
        ("gelu", new(() => GELU(), x => functional.gelu(x))),
        ("silu", new(() => SiLU(), x => functional.silu(x))),
        ("softplus", new(() => Softplus(), x => functional.softplus(x))));

    // The functions with a parameter take it as a Scalar held until libtorch returns: a number TorchSharp turns into a
    // Scalar on the fly can be finalised by a collection another thread starts while libtorch still reads it, which the
    // engine's threads would hit (tests/ExplicitScalarTests.cs). Same kernels, same results as functional.elu/leaky_relu.
    static Tensor LeakyRelu(Tensor x)
    {
        using var slope = 0.01.ToScalar();
        return x.leaky_relu(slope);
    }

    static Tensor Elu(Tensor x)
    {
        using var alpha = 1.0.ToScalar();
        using var scale = 1.0.ToScalar();
        using var inputScale = 1.0.ToScalar();
        return x.elu(alpha, scale, inputScale);
    }

    /// <summary>The activation as a TorchSharp module, for building networks.</summary>
    internal static Module<Tensor, Tensor> Module(string name) => Table[name].Module();

    /// <summary>The activation applied to a tensor (the same function as <see cref="Module(string)"/>).</summary>
    internal static Tensor Apply(string name, Tensor x) => Table[name].Apply(x);

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

    /// <summary>The name of the activation <paramref name="module"/> is, or null when it is none of the table's (chapter 8).</summary>
    internal static string? NameOf(nn.Module module) => ModuleTypes.Value.GetValueOrDefault(module.GetType());

    /// <summary>The module type of each activation; each activation has its own.</summary>
    static readonly Lazy<Dictionary<Type, string>> ModuleTypes = new(() => Table.Entries.ToDictionary(
        e =>
        {
            using var module = e.Value.Module();
            return module.GetType();
        },
        e => e.Name));

    /// <summary>Checks a name and returns it in lower case; an unknown name is an error listing the valid ones.</summary>
    internal static string Validate(string name) => Table.Validate(name);
}
