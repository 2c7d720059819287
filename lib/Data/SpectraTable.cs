using System.Globalization;
using System.Text.RegularExpressions;

namespace NirNet.Data;

/// <summary>What <see cref="SpectralCsv"/> read from a file, before it becomes a dataset or is predicted.</summary>
/// <param name="WavelengthHeaders">The headers of the spectral columns, as the file writes them, in the file's order.</param>
/// <param name="Wavelengths">The number in each of those headers.</param>
/// <param name="Spectra">Samples × spectral columns.</param>
/// <param name="Target">The target column's values; null when no target column was asked for.</param>
/// <param name="SampleIds">The id column's values, or the samples numbered from 1.</param>
/// <param name="IdHeader">The header of the id column; null when the samples are numbered.</param>
/// <param name="Metadata">The other columns kept as text, by header.</param>
internal sealed record SpectraTable(string[] WavelengthHeaders, double[] Wavelengths, float[,] Spectra, float[]? Target, string[] SampleIds,
    string? IdHeader, Dictionary<string, string[]> Metadata);
