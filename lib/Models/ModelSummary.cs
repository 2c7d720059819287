using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Models;

/// <summary>A readable summary of a sequential network: layers, output shapes and parameter counts (chapter 1).</summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class ModelSummary : IHtmlDisplay
{
    ModelSummary(IReadOnlyList<LayerSummary> layers) => Layers = layers;

    /// <summary>The layers, input to output.</summary>
    public IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>All trainable values of the network.</summary>
    public long TotalParameters => Layers.Sum(l => l.Parameters);

    /// <summary>Summarises <paramref name="model"/> by passing one sample of <paramref name="inputs"/> values through it.</summary>
    public static ModelSummary Of(Sequential model, int inputs)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = zeros(1, inputs);
        var layers = new List<LayerSummary>();
        foreach (var (name, layer) in model.named_children())
        {
            x = ((nn.Module<Tensor, Tensor>)layer).forward(x);
            long count = layer.parameters().Sum(p => p.numel());
            layers.Add(new LayerSummary(name, Describe(layer), $"[{string.Join(", ", x.shape)}]", count));
        }
        return new ModelSummary(layers);
    }

    static string Describe(nn.Module layer) => layer switch
    {
        Linear l => $"Linear({l.weight!.shape[1]} → {l.weight.shape[0]})",
        Conv1d c => $"Conv1d({c.weight!.shape[1]} → {c.weight.shape[0]}, kernel {c.weight.shape[2]})",
        _ => layer.GetType().Name,
    };

    /// <summary>A text table, one layer a line, with the total.</summary>
    public override string ToString() =>
        string.Join('\n', Layers.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Name,-10} {l.Kind,-28} {l.OutputShape,-14} {l.Parameters,10:N0}")))
        + string.Create(CultureInfo.InvariantCulture, $"\ntotal trainable parameters: {TotalParameters:N0}");

    string IHtmlDisplay.ToHtml() =>
        Html.Table(["layer", "type", "output shape", "parameters"],
            Layers.Select(l => new[] { l.Name, l.Kind, l.OutputShape, l.Parameters.ToString("N0", CultureInfo.InvariantCulture) }),
            caption: string.Create(CultureInfo.InvariantCulture, $"{TotalParameters:N0} trainable parameters"));
}
