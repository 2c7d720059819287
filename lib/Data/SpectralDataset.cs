using System.Globalization;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;

namespace NirNet.Data;

/// <summary>
/// Spectra and the property to predict: one row per sample (<see cref="Spectra"/>, samples × wavelengths, float32),
/// one target value per sample, the wavelength axis, and optional sample names and text metadata (chapter 1).
/// The spectral axis may increase or decrease (FT-NIR files list wavenumbers from high to low); the columns keep the
/// order they were given in, and nothing reorders them.
/// </summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class SpectralDataset : IHtmlDisplay
{
    /// <summary>Creates a dataset, checking that shapes agree and that every value is finite.</summary>
    /// <param name="spectra">Samples × wavelengths.</param>
    /// <param name="target">One value per sample.</param>
    /// <param name="wavelengths">One value per spectral column, strictly increasing or strictly decreasing.</param>
    /// <param name="wavelengthUnit"><c>nm</c> for wavelengths, <c>cm⁻¹</c> for wavenumbers, or <c>index</c> when the file numbers its columns instead.</param>
    /// <param name="targetName">Name of the target, for example <c>SOM</c>.</param>
    /// <param name="targetUnit">Unit of the target, for example <c>%</c>.</param>
    /// <param name="sampleIds">Sample names; numbered 1…N when absent.</param>
    /// <param name="metadata">Other columns as text, by column name.</param>
    /// <param name="source">Where the data came from (a file name), for messages.</param>
    public SpectralDataset(float[,] spectra, float[] target, double[] wavelengths, string wavelengthUnit = "nm",
        string targetName = "target", string targetUnit = "", string[]? sampleIds = null,
        IReadOnlyDictionary<string, string[]>? metadata = null, string source = "memory")
    {
        int n = spectra.GetLength(0), p = spectra.GetLength(1);
        if (target.Length != n)
            throw new SpectralDataException($"{source}: {n} spectra but {target.Length} target values.");
        if (wavelengths.Length != p)
            throw new SpectralDataException($"{source}: spectra have {p} columns but the wavelength axis has {wavelengths.Length} values.");
        if (sampleIds is not null && sampleIds.Length != n)
            throw new SpectralDataException($"{source}: {n} spectra but {sampleIds.Length} sample ids.");
        for (int i = 0; i < n; i++)
        {
            if (!float.IsFinite(target[i]))
                throw new SpectralDataException(string.Create(CultureInfo.InvariantCulture, $"{source}: target of sample {i + 1} is {target[i]}; every value must be finite."));
            for (int j = 0; j < p; j++)
                if (!float.IsFinite(spectra[i, j]))
                    throw new SpectralDataException(string.Create(CultureInfo.InvariantCulture,
                        $"{source}: sample {i + 1} at {wavelengths[j]} {wavelengthUnit} is {spectra[i, j]}; every value must be finite."));
        }
        if (wavelengths.Any(w => !double.IsFinite(w)))
            throw new SpectralDataException($"{source}: every wavelength must be a finite number.");
        int direction = p > 1 ? wavelengths[1].CompareTo(wavelengths[0]) : 1;
        for (int j = 1; j < p; j++)
            if (direction == 0 || wavelengths[j].CompareTo(wavelengths[j - 1]) != direction)
                throw new SpectralDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{source}: the wavelength axis must increase or decrease throughout, with no value twice, but {wavelengths[j]} (column {j + 1}) follows {wavelengths[j - 1]}."));
        Spectra = spectra;
        Target = target;
        Wavelengths = wavelengths;
        WavelengthUnit = wavelengthUnit;
        TargetName = targetName;
        TargetUnit = targetUnit;
        SampleIds = sampleIds ?? Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        Metadata = metadata ?? new Dictionary<string, string[]>();
        Source = source;
    }

    /// <summary>Samples × wavelengths.</summary>
    public float[,] Spectra { get; }

    /// <summary>The property to predict, one value per sample, in <see cref="TargetUnit"/>.</summary>
    public float[] Target { get; }

    /// <summary>The wavelength (or wavenumber) of each spectral column, in <see cref="WavelengthUnit"/>, in the order of the columns.</summary>
    public double[] Wavelengths { get; }

    /// <summary><c>nm</c>, <c>cm⁻¹</c> for wavenumbers, or <c>index</c> when the columns are only numbered.</summary>
    public string WavelengthUnit { get; }

    /// <summary>
    /// The spectral axis's title for charts and tables: <c>wavelength (nm)</c>, <c>wavenumber (cm⁻¹)</c> or
    /// <c>column index</c> (chapter 1).
    /// </summary>
    public string AxisLabel => AxisLabelOf(WavelengthUnit);

    /// <summary>The axis title for spectra whose axis is in <paramref name="unit"/>.</summary>
    internal static string AxisLabelOf(string unit) => unit switch
    {
        "nm" => "wavelength (nm)",
        "cm⁻¹" => "wavenumber (cm⁻¹)",
        "index" => "column index",
        _ => $"spectral axis ({unit})",
    };

    /// <summary>Name of the target (for example <c>SOM</c>).</summary>
    public string TargetName { get; }

    /// <summary>Unit of the target (for example <c>%</c>).</summary>
    public string TargetUnit { get; }

    /// <summary>Sample names.</summary>
    public string[] SampleIds { get; }

    /// <summary>Other columns kept as text, by column name.</summary>
    public IReadOnlyDictionary<string, string[]> Metadata { get; }

    /// <summary>Where the data came from.</summary>
    public string Source { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Target.Length;

    /// <summary>Number of wavelengths (spectral columns).</summary>
    public int WavelengthCount => Wavelengths.Length;

    /// <summary>The target's label for axes and tables, for example <c>SOM (%)</c>.</summary>
    public string TargetLabel => TargetUnit.Length > 0 ? $"{TargetName} ({TargetUnit})" : TargetName;

    /// <summary>Loads a CSV file of spectra: see <see cref="SpectralCsvOptions"/> for what it accepts; errors name file, line and column.</summary>
    public static SpectralDataset LoadCsv(string path, SpectralCsvOptions options) => SpectralCsv.Read(path, options);

    /// <summary>The samples at the given rows, in that order.</summary>
    public SpectralDataset Subset(IReadOnlyList<int> rows)
    {
        int p = WavelengthCount;
        var spectra = new float[rows.Count, p];
        for (int r = 0; r < rows.Count; r++)
            Buffer.BlockCopy(Spectra, rows[r] * p * sizeof(float), spectra, r * p * sizeof(float), p * sizeof(float));
        return new SpectralDataset(spectra, rows.Select(r => Target[r]).ToArray(), Wavelengths, WavelengthUnit, TargetName, TargetUnit,
            rows.Select(r => SampleIds[r]).ToArray(), Metadata.ToDictionary(m => m.Key, m => rows.Select(r => m.Value[r]).ToArray()), Source);
    }

    /// <summary>The same samples and targets with other spectra of the same shape (the result of a preprocessing step).</summary>
    public SpectralDataset WithSpectra(float[,] spectra) =>
        new(spectra, Target, Wavelengths, WavelengthUnit, TargetName, TargetUnit, SampleIds, Metadata, Source);

    /// <summary>The same samples and spectra with other target values (for example scaled ones).</summary>
    public SpectralDataset WithTarget(float[] target) =>
        new(Spectra, target, Wavelengths, WavelengthUnit, TargetName, TargetUnit, SampleIds, Metadata, Source);

    /// <summary>Splits the samples at random, reproducibly from <paramref name="seed"/>, into training, validation and test sets.</summary>
    /// <param name="validationFraction">Share of samples for validation (watching training), 0 to 1.</param>
    /// <param name="testFraction">Share of samples for the final test, 0 to 1.</param>
    /// <param name="seed">Seed of the shuffle: the same seed gives the same split.</param>
    public DatasetSplit Split(double validationFraction = 0.2, double testFraction = 0.2, int seed = 42) =>
        DatasetSplit.Create(this, validationFraction, testFraction, seed);

    /// <summary>
    /// Splits the samples in file order, without shuffling: the first <paramref name="train"/> samples for training, the next
    /// <paramref name="validation"/> for validation, the rest for the test. For datasets published with a fixed split,
    /// such as Tecator's <c>SplitInOrder(129, 43)</c> (chapter 7).
    /// </summary>
    /// <param name="train">Number of training samples, at least 2.</param>
    /// <param name="validation">Number of validation samples, at least 1; at least 1 sample must be left for the test.</param>
    public DatasetSplit SplitInOrder(int train, int validation) => DatasetSplit.CreateInOrder(this, train, validation);

    /// <summary>Spectra as a float32 tensor [samples, wavelengths] and targets as [samples, 1].</summary>
    public (Tensor X, Tensor y) ToTensors()
    {
        Setup.EnsureNativeLoaded();
        return (tensor(Spectra), tensor(Target).reshape(Count, 1));
    }

    /// <summary>A table of the data: sample id, target, metadata and the wavelength columns (all, or an evenly spaced selection).</summary>
    /// <param name="wavelengthColumns">How many wavelength columns to include; all when null.</param>
    public DataFrame ToDataFrame(int? wavelengthColumns = null)
    {
        int count = Math.Clamp(wavelengthColumns ?? WavelengthCount, 1, WavelengthCount);
        var picked = Enumerable.Range(0, count).Select(k => count == 1 ? 0 : (int)Math.Round(k * (WavelengthCount - 1.0) / (count - 1))).Distinct();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("sample", SampleIds),
            new SingleDataFrameColumn(TargetLabel, Target),
        };
        columns.AddRange(Metadata.Select(m => new StringDataFrameColumn(m.Key, m.Value)));
        foreach (int j in picked)
            columns.Add(new SingleDataFrameColumn(Wavelengths[j].ToString(CultureInfo.InvariantCulture), Enumerable.Range(0, Count).Select(i => Spectra[i, j])));
        return new DataFrame(columns);
    }

    /// <summary>One line: samples, wavelengths and their range, target and its range.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Source}: {Count} samples × {WavelengthCount} {(WavelengthUnit == "cm⁻¹" ? "wavenumbers" : "wavelengths")} ({Wavelengths[0]:0.#}–{Wavelengths[^1]:0.#} {WavelengthUnit}), target {TargetLabel} from {Target.Min():0.###} to {Target.Max():0.###}");

    string IHtmlDisplay.ToHtml() => $"<div>{Html.Encode(ToString())}</div>";
}
