using Microsoft.FSharp.Core;
using NirNet.Chemometrics;
using NirNet.Data;
using NirNet.Models;
using NirNet.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using System.Globalization;
using static NirNet.SmallMultiples;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace NirNet;

/// <summary>Charts of what happens inside a network: activation functions, gradient norms per layer, convolution filters.</summary>
public static partial class Charts
{
    /// <summary>Activation functions (or their derivatives, computed by autograd) over [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static GenericChart Activations(IEnumerable<string> names, double from = -10, double to = 10, bool derivative = false)
    {
        var x = Enumerable.Range(0, 401).Select(i => from + (to - from) * i / 400).ToArray();
        var traces = names.Select((name, i) =>
        {
            var (value, slope) = Models.Activations.Evaluate(name, x);
            return CSharpChart.Line<double, double, string>(x: x, y: derivative ? slope : value, Name: name, LineColor: ColorOf(i));
        }).ToArray();
        return CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "x (weighted input a)")
            .WithYAxisStyle<double, double, string>(TitleText: derivative ? "f′(x)" : "f(x)");
    }

    /// <summary>Each layer's weight-gradient norm at one epoch's first batch, one line per run, on a log axis (layer 1 is next to the input).</summary>
    public static GenericChart GradientNorms(IEnumerable<TrainingHistory> runs, int epoch = 1)
    {
        var list = runs.ToList();
        var traces = list.Select((h, i) =>
        {
            if (h.GradientNorms.Count < epoch)
                throw new InvalidSettingException(nameof(runs), $"{h.Label} has no gradient norms for epoch {epoch}; train with RecordGradientNorms: true.");
            double[] norms = h.GradientNorms[epoch - 1];
            return CSharpChart.Line<int, double, string>(x: Enumerable.Range(1, norms.Length), y: norms, ShowMarkers: true, Name: h.Label, LineColor: ColorOf(i));
        }).ToArray();
        return CSharpChart.Combine(traces)
            .WithXAxisStyle<int, int, string>(TitleText: "layer (1 = next to the input)")
            .WithYAxisStyle<double, double, string>(TitleText: "weight-gradient norm", AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>
    /// The filters of a network's first 1-D convolution: each filter's weights against the offset from the centre
    /// wavelength, in nm (chapter 7).
    /// </summary>
    /// <param name="model">A network with at least one Conv1d layer, such as <see cref="Networks.Cnn1d"/>.</param>
    /// <param name="wavelengthStep">Distance between neighbouring wavelengths, in nm.</param>
    public static GenericChart FirstLayerFilters(TorchSharp.torch.nn.Module model, double wavelengthStep)
    {
        var conv = model.modules().OfType<TorchSharp.Modules.Conv1d>().FirstOrDefault()
            ?? throw new InvalidSettingException(nameof(model), "has no Conv1d layer.");
        var weight = conv.weight!;
        int filters = (int)weight.shape[0], width = (int)weight.shape[2];
        float[] values = weight.detach().cpu().contiguous().data<float>().ToArray();
        var offsets = Enumerable.Range(0, width).Select(k => (k - width / 2) * wavelengthStep).ToArray();
        var traces = Enumerable.Range(0, filters).Select(f => CSharpChart.Line<double, float, string>(x: offsets,
            y: values.Skip(f * (int)weight.shape[1] * width).Take(width), ShowMarkers: true, Name: $"filter {f + 1}", LineColor: ColorOf(f)));
        return CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "offset from the centre wavelength (nm)")
            .WithYAxisStyle<double, double, string>(TitleText: "weight");
    }
}
