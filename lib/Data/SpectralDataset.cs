using System.Globalization;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;

namespace NirNet.Data;

/// <summary>
/// Spectra and the property to predict: one row per sample (<see cref="Spectra"/>, samples × wavelengths, float32),
/// one target value per sample, the wavelength axis, and optional sample names and text metadata (chapter 1).
/// The spectral axis may increase or decrease (FT-NIR files list wavenumbers from high to low); the columns keep the
/// order they were given in, and nothing reorders them. A dataset never changes: it keeps its own copies of the arrays it
/// was given, and its properties hand out read-only spectra or copies, so that no edit reaches it or another dataset.
/// </summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class SpectralDataset : IHtmlDisplay
{
    /// <summary>Creates a dataset from copies of the given arrays, checking that shapes agree and that every value is finite.</summary>
    /// <param name="spectra">Samples × wavelengths.</param>
    /// <param name="target">One value per sample.</param>
    /// <param name="axis">The spectral axis, one value per column of <paramref name="spectra"/>.</param>
    /// <param name="targetName">Name of the target, for example <c>SOM</c>.</param>
    /// <param name="targetUnit">Unit of the target, for example <c>%</c>.</param>
    /// <param name="sampleIds">Sample names; numbered 1…N when absent.</param>
    /// <param name="metadata">Other columns as text, by column name.</param>
    /// <param name="source">Where the data came from (a file name), for messages.</param>
    public SpectralDataset(float[,] spectra, float[] target, SpectralAxis axis,
        string targetName = "target", string targetUnit = "", string[]? sampleIds = null,
        IReadOnlyDictionary<string, string[]>? metadata = null, string source = "memory")
        : this(spectra, target, axis, targetName, targetUnit, sampleIds, metadata, source, axisNote: null)
    {
    }

    /// <summary>Creates a dataset from copies of the given arrays, checking the axis (see <see cref="SpectralAxis"/>), the shapes and that every value is finite.</summary>
    /// <param name="spectra">Samples × wavelengths.</param>
    /// <param name="target">One value per sample.</param>
    /// <param name="wavelengths">One value per spectral column, strictly increasing or strictly decreasing.</param>
    /// <param name="wavelengthUnit">What <paramref name="wavelengths"/> measure: nm (the default), cm⁻¹ or a column index.</param>
    /// <param name="targetName">Name of the target, for example <c>SOM</c>.</param>
    /// <param name="targetUnit">Unit of the target, for example <c>%</c>.</param>
    /// <param name="sampleIds">Sample names; numbered 1…N when absent.</param>
    /// <param name="metadata">Other columns as text, by column name.</param>
    /// <param name="source">Where the data came from (a file name), for messages.</param>
    public SpectralDataset(float[,] spectra, float[] target, double[] wavelengths, SpectralAxisUnit wavelengthUnit = SpectralAxisUnit.Nanometres,
        string targetName = "target", string targetUnit = "", string[]? sampleIds = null,
        IReadOnlyDictionary<string, string[]>? metadata = null, string source = "memory")
        : this(spectra, target, AxisOf(wavelengths, wavelengthUnit, source), targetName, targetUnit, sampleIds, metadata, source, axisNote: null)
    {
    }

    /// <summary>The axis of <paramref name="values"/>, its problem reported as a <see cref="SpectralDataException"/> naming <paramref name="source"/>.</summary>
    static SpectralAxis AxisOf(double[] values, SpectralAxisUnit unit, string source)
    {
        ArgumentNullException.ThrowIfNull(values);
        try
        {
            return new SpectralAxis(values, unit);
        }
        catch (SpectralAxisException e)
        {
            throw new SpectralDataException($"{source}: {e.Message}");
        }
    }

    /// <summary>The dataset, with <paramref name="axisNote"/> saying how the axis's unit was decided (<see cref="SpectralCsv.UnitOf"/>).</summary>
    internal SpectralDataset(float[,] spectra, float[] target, SpectralAxis axis, string targetName, string targetUnit, string[]? sampleIds,
        IReadOnlyDictionary<string, string[]>? metadata, string source, string? axisNote)
    {
        spectra = (float[,])spectra.Clone();
        target = (float[])target.Clone();
        sampleIds = (string[]?)sampleIds?.Clone();
        var columns = metadata?.ToDictionary(m => m.Key, m => (string[])m.Value.Clone()) ?? [];
        int n = spectra.GetLength(0), p = spectra.GetLength(1);
        if (axis.Count == 0)
            throw new SpectralDataException($"{source}: the spectral axis is missing (a default SpectralAxis); make it with new SpectralAxis(values, unit).");
        if (target.Length != n)
            throw new SpectralDataException($"{source}: {n} spectra but {target.Length} target values.");
        if (axis.Count != p)
            throw new SpectralDataException($"{source}: spectra have {p} columns but the wavelength axis has {axis.Count} values.");
        if (sampleIds is not null && sampleIds.Length != n)
            throw new SpectralDataException($"{source}: {n} spectra but {sampleIds.Length} sample ids.");
        for (int i = 0; i < n; i++)
        {
            if (!float.IsFinite(target[i]))
                throw new SpectralDataException(string.Create(CultureInfo.InvariantCulture, $"{source}: target of sample {i + 1} is {target[i]}; every value must be finite."));
            for (int j = 0; j < p; j++)
                if (!float.IsFinite(spectra[i, j]))
                    throw new SpectralDataException(string.Create(CultureInfo.InvariantCulture,
                        $"{source}: sample {i + 1} at {axis[j]} {axis.Symbol} is {spectra[i, j]}; every value must be finite."));
        }
        if (columns.FirstOrDefault(m => m.Value.Length != n) is { Key: not null } wrong)
            throw new SpectralDataException($"{source}: {n} spectra but {wrong.Value.Length} values of '{wrong.Key}'.");
        values = spectra;
        Spectra = new ReadOnlySpectra(spectra);
        this.target = target;
        Axis = axis;
        AxisNote = axisNote;
        TargetName = targetName;
        TargetUnit = targetUnit;
        this.sampleIds = sampleIds ?? Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        this.metadata = columns;
        Source = source;
    }

    readonly float[,] values;
    readonly float[] target;
    readonly string[] sampleIds;
    readonly Dictionary<string, string[]> metadata;

    /// <summary>Samples × wavelengths, read-only: <c>Spectra[i, j]</c> reads a value; where a <c>float[,]</c> is expected it becomes a copy.</summary>
    public ReadOnlySpectra Spectra { get; }

    /// <summary>The property to predict, one value per sample, in <see cref="TargetUnit"/>: a copy, yours to change.</summary>
    public float[] Target => (float[])target.Clone();

    /// <summary>The spectral axis: values, unit and direction, checked once (chapter 1).</summary>
    public SpectralAxis Axis { get; }

    /// <summary>How the loader decided the axis's unit (<see cref="SpectralCsv.UnitOf"/>); null when the unit was given in code.</summary>
    public string? AxisNote { get; }

    /// <summary>The wavelength (or wavenumber) of each spectral column, in <see cref="WavelengthUnit"/>, in the order of the columns: a copy.</summary>
    public double[] Wavelengths => Axis.ToArray();

    /// <summary>What the axis measures: nm, cm⁻¹, or a column index (the <see cref="Axis"/>'s unit).</summary>
    public SpectralAxisUnit WavelengthUnit => Axis.Unit;

    /// <summary>
    /// The spectral axis's title for charts and tables: <c>wavelength (nm)</c>, <c>wavenumber (cm⁻¹)</c> or
    /// <c>column index</c> (chapter 1).
    /// </summary>
    public string AxisLabel => Axis.Title;

    /// <summary>Name of the target (for example <c>SOM</c>).</summary>
    public string TargetName { get; }

    /// <summary>Unit of the target (for example <c>%</c>).</summary>
    public string TargetUnit { get; }

    /// <summary>Sample names: a copy.</summary>
    public string[] SampleIds => (string[])sampleIds.Clone();

    /// <summary>Other columns kept as text, by column name: a copy.</summary>
    public IReadOnlyDictionary<string, string[]> Metadata => metadata.ToDictionary(m => m.Key, m => (string[])m.Value.Clone());

    /// <summary>Where the data came from.</summary>
    public string Source { get; }

    /// <summary>Number of samples.</summary>
    public int Count => target.Length;

    /// <summary>Number of wavelengths (spectral columns).</summary>
    public int WavelengthCount => Axis.Count;

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
            Buffer.BlockCopy(values, rows[r] * p * sizeof(float), spectra, r * p * sizeof(float), p * sizeof(float));
        return new SpectralDataset(spectra, rows.Select(r => target[r]).ToArray(), Axis, TargetName, TargetUnit,
            rows.Select(r => sampleIds[r]).ToArray(), metadata.ToDictionary(m => m.Key, m => rows.Select(r => m.Value[r]).ToArray()), Source, AxisNote);
    }

    /// <summary>The same samples and targets with other spectra of the same shape (the result of a preprocessing step), copied and checked.</summary>
    public SpectralDataset WithSpectra(float[,] spectra) =>
        new(spectra, target, Axis, TargetName, TargetUnit, sampleIds, metadata, Source, AxisNote);

    /// <summary>The same samples and spectra with other target values (for example scaled ones), copied and checked.</summary>
    public SpectralDataset WithTarget(float[] target) =>
        new(values, target, Axis, TargetName, TargetUnit, sampleIds, metadata, Source, AxisNote);

    /// <summary>Splits the samples at random, reproducibly from <paramref name="seed"/>, into training, validation and test sets.</summary>
    /// <param name="validationFraction">Share of samples for validation (watching training), 0 to 1.</param>
    /// <param name="testFraction">Share of samples for the final test, 0 to 1.</param>
    /// <param name="seed">Seed of the shuffle: the same seed gives the same split.</param>
    public DatasetSplit Split(double validationFraction = 0.2, double testFraction = 0.2, int seed = 42) =>
        DatasetSplit.Create(this, validationFraction, testFraction, seed);

    /// <summary>
    /// Splits the samples in file order, without shuffling: the first <paramref name="train"/> samples for training, the next
    /// <paramref name="validation"/> for validation, the rest for the test. For datasets published with a fixed split,
    /// such as Tecator's <c>SplitInOrder(129, 43)</c> (chapter 8).
    /// </summary>
    /// <param name="train">Number of training samples, at least 2.</param>
    /// <param name="validation">Number of validation samples, at least 1; at least 1 sample must be left for the test.</param>
    public DatasetSplit SplitInOrder(int train, int validation) => DatasetSplit.CreateInOrder(this, train, validation);

    /// <summary>Spectra as a float32 tensor [samples, wavelengths] and targets as [samples, 1].</summary>
    public (Tensor X, Tensor y) ToTensors()
    {
        Setup.EnsureNativeLoaded();
        return (tensor(values), tensor(target).reshape(Count, 1));
    }

    /// <summary>A table of the data: sample id, target, metadata and the wavelength columns (all, or an evenly spaced selection).</summary>
    /// <param name="wavelengthColumns">How many wavelength columns to include; all when null.</param>
    public DataFrame ToDataFrame(int? wavelengthColumns = null)
    {
        int count = Math.Clamp(wavelengthColumns ?? WavelengthCount, 1, WavelengthCount);
        var picked = Enumerable.Range(0, count).Select(k => count == 1 ? 0 : (int)Math.Round(k * (WavelengthCount - 1.0) / (count - 1))).Distinct();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("sample", sampleIds),
            new SingleDataFrameColumn(TargetLabel, target),
        };
        columns.AddRange(metadata.Select(m => new StringDataFrameColumn(m.Key, m.Value)));
        foreach (int j in picked)
            columns.Add(new SingleDataFrameColumn(Axis[j].ToString(CultureInfo.InvariantCulture), Enumerable.Range(0, Count).Select(i => values[i, j])));
        return new DataFrame(columns);
    }

    /// <summary>
    /// One line: samples, the axis (its count, range and unit, and how the loader decided the unit), target and its range.
    /// </summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Source}: {Count} samples × {WavelengthCount} {Axis.Quantity} ({Axis.Range}{(AxisNote is null ? "" : "; " + AxisNote)}), target {TargetLabel} from {target.Min():0.###} to {target.Max():0.###}");

    string IHtmlDisplay.ToHtml() => $"<div>{Html.Encode(ToString())}</div>";
}
