using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Models;

/// <summary>One layer of a <see cref="ModelSummary"/>.</summary>
/// <param name="Name">The layer's name in the network.</param>
/// <param name="Kind">The layer's type, with its main settings.</param>
/// <param name="OutputShape">Shape of its output for one sample, e.g. <c>[1, 256]</c>.</param>
/// <param name="Parameters">Number of trainable values.</param>
public sealed record LayerSummary(string Name, string Kind, string OutputShape, long Parameters);
