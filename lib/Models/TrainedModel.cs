using System.Globalization;
using System.Security.Cryptography;
using NirNet.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Models;

/// <summary>
/// A trained network with everything needed to use it on new spectra (chapter 8): the preprocessing steps, the scalers
/// fitted on the training set, the spectral axis it expects and the name and unit of what it predicts. It predicts from
/// raw spectra, in the target's units, and refuses spectra on another axis. <see cref="Save"/> writes it to a folder and
/// <see cref="Load"/> reads it back; <c>dotnet run predict.cs -- folder spectra.csv</c> at the repository root uses it.
/// </summary>
public sealed class TrainedModel
{
    /// <summary>
    /// The version of the saved format that <see cref="Save"/> and <see cref="Committee.Save"/> write, and the newest that
    /// <see cref="Load"/> and <see cref="Committee.Load"/> read. Version 2 added the field <c>kind</c> (<c>"network"</c> or
    /// <c>"committee"</c>); version 1 files, all single networks, still load.
    /// </summary>
    public const int FormatVersion = 2;

    /// <summary>Largest difference, relative to the value (or absolute below 1), at which two axis values count as the same.</summary>
    public const double AxisTolerance = 1e-6;

    /// <summary>The metadata file's name in a model's folder.</summary>
    internal const string MetadataFileName = "model.json";

    /// <summary>The weights file's name in a model's folder.</summary>
    internal const string WeightsFileName = "weights.bin";

    readonly ModelFile.Metadata metadata;

    TrainedModel(Sequential network, ModelFile.Metadata metadata)
    {
        Network = network;
        this.metadata = metadata;
    }

    /// <summary>
    /// The model of <paramref name="network"/>, trained on <paramref name="scaled"/> (whose scalers, axis and target it keeps)
    /// after <paramref name="preprocessing"/>, the steps that made its spectra from the raw ones, in order. The network is
    /// kept, not copied, and must be one made by <see cref="Networks.Mlp"/> or <see cref="Networks.Cnn1d"/>, with finite weights.
    /// </summary>
    /// <param name="network">The trained network.</param>
    /// <param name="scaled">The split it was trained on, standardised by <see cref="DatasetSplit.Standardize"/>.</param>
    /// <param name="preprocessing">What was done to the raw spectra before the split was standardised; none for raw spectra.</param>
    public static TrainedModel Of(Sequential network, ScaledSplit scaled, params IReadOnlyList<PreprocessingStep> preprocessing)
    {
        var train = scaled.Train;
        var architecture = NetworkArchitecture.Of(network, train.WavelengthCount);
        foreach (var step in preprocessing) step.Check(train.WavelengthCount);
        foreach (var (name, weights) in network.named_parameters())
        {
            using var finite = weights.isfinite().all();
            if (!finite.item<bool>())
                throw new InvalidSettingException(nameof(network), $"its weights '{name}' include NaN or infinity; a diverged network cannot be used or saved.");
        }
        return new TrainedModel(network, new ModelFile.Metadata(architecture, "", [.. preprocessing], train.Axis,
            scaled.SpectraScaler, scaled.TargetScaler, train.TargetName, train.TargetUnit));
    }

    /// <summary>The network, in evaluation mode when predicting.</summary>
    public Sequential Network { get; }

    /// <summary>The steps applied to raw spectra before scaling, in order.</summary>
    public IReadOnlyList<PreprocessingStep> Preprocessing => metadata.Preprocessing;

    /// <summary>The spectral axis the model expects: values in the order of the spectra's columns, unit and direction.</summary>
    public SpectralAxis Axis => metadata.Axis;

    /// <summary>The spectral axis's values, in <see cref="WavelengthUnit"/>, in the order of the spectra's columns.</summary>
    public IReadOnlyList<double> Wavelengths => metadata.Axis.Values;

    /// <summary>The axis's unit: <c>nm</c>, <c>cm⁻¹</c> or <c>index</c>.</summary>
    public SpectralAxisUnit WavelengthUnit => metadata.Axis.Unit;

    /// <summary>The name of the predicted property, for example <c>fat</c>.</summary>
    public string TargetName => metadata.TargetName;

    /// <summary>Its unit, for example <c>%</c>.</summary>
    public string TargetUnit => metadata.TargetUnit;

    /// <summary>
    /// Writes the model to <paramref name="folder"/> (created when missing; a saved model there is replaced): <c>weights.bin</c>,
    /// the network's weights in TorchSharp's own format (<c>Module.save</c>), and <c>model.json</c>, the metadata. <c>model.json</c>
    /// holds <c>format</c> (<c>"nirnet-model"</c>), <c>formatVersion</c> (<see cref="FormatVersion"/>), <c>kind</c> (<c>"network"</c>), <c>savedBy</c>;
    /// <c>network</c>, what rebuilds it: <c>kind</c> <c>"mlp"</c> with <c>inputs</c>, <c>hidden</c>, <c>activation</c>,
    /// <c>dropout</c>, or <c>"cnn1d"</c> with <c>inputs</c>, <c>channels</c>, <c>kernelSize</c>, <c>dense</c>, <c>activation</c>;
    /// <c>weightsSha256</c>, the checksum of <c>weights.bin</c>; <c>preprocessing</c>, a list of steps, each a <c>kind</c>
    /// (<c>"snv"</c>, <c>"msc"</c> with <c>reference</c>, <c>"savitzky-golay"</c> with <c>windowLength</c>,
    /// <c>polynomialOrder</c>, <c>derivative</c>); <c>axis</c>, with <c>unit</c>, <c>direction</c> (<c>"increasing"</c> or
    /// <c>"decreasing"</c>) and <c>values</c>; <c>spectraScaler</c>, with <c>mean</c> and <c>scale</c> per wavelength; and
    /// <c>target</c>, with <c>name</c>, <c>unit</c>, <c>mean</c> and <c>scale</c>. Numbers are written so that they read back exactly.
    /// </summary>
    /// <param name="folder">The model's folder, for example <c>artifacts/models/tecator-fat</c>.</param>
    public void Save(string folder)
    {
        string weights = Path.Combine(folder, WeightsFileName);
        try
        {
            Directory.CreateDirectory(folder);
            Network.save(weights);
            ModelFile.Write(Path.Combine(folder, MetadataFileName), metadata with { WeightsSha256 = Sha256(weights) });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(folder, $"cannot write the model there: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads a model <see cref="Save"/> wrote. Every problem is a <see cref="ModelFileException"/> naming the file: a missing
    /// folder or file, a damaged <c>model.json</c> (the first wrong field is named), a format version newer than
    /// <see cref="FormatVersion"/>, a committee's folder (read it with <see cref="Committee.Load"/>), a <c>weights.bin</c> that is not the one saved with it (its checksum differs) or does not
    /// fit the network <c>model.json</c> describes.
    /// </summary>
    /// <param name="folder">The model's folder.</param>
    public static TrainedModel Load(string folder)
    {
        Setup.EnsureNativeLoaded();
        if (!Directory.Exists(folder))
            throw new ModelFileException(folder, $"no such folder (current folder: {Directory.GetCurrentDirectory()}); " +
                $"expected a folder written by TrainedModel.Save, holding {MetadataFileName} and {WeightsFileName}.");
        string json = Path.Combine(folder, MetadataFileName), weights = Path.Combine(folder, WeightsFileName);
        var metadata = ModelFile.Read(json);
        if (!File.Exists(weights))
            throw new ModelFileException(weights, $"file not found; it holds the network's weights and is saved with {MetadataFileName}.");
        if (Sha256(weights) != metadata.WeightsSha256)
            throw new ModelFileException(weights,
                $"its contents differ from those {MetadataFileName} records (SHA-256): the file is damaged or belongs to another model; save the model again.");
        Sequential network;
        try
        {
            network = metadata.Architecture.Build();
        }
        catch (InvalidSettingException e)
        {
            throw new ModelFileException(json, $"the field 'network' does not describe a network the library can make: {e.Message}", e);
        }
        try
        {
            network.load(weights);
        }
        catch (Exception e) when (e is ArgumentException or IOException or FormatException or OverflowException)
        {
            network.Dispose();
            throw new ModelFileException(weights, $"does not fit the network {MetadataFileName} describes ({metadata.Architecture}): {e.Message}", e);
        }
        network.eval();
        return new TrainedModel(network, metadata);
    }

    /// <summary>
    /// Predicts the target for raw spectra (as measured, before any preprocessing), in its units. The spectra's axis must be
    /// the model's: the same unit, and the same values in the same order (within <see cref="AxisTolerance"/>); otherwise a
    /// <see cref="SpectralDataException"/> names the first column that differs. The dataset's target, if any, is not used.
    /// </summary>
    /// <param name="spectra">Raw spectra on the model's axis.</param>
    public Predictions Predict(SpectralDataset spectra)
    {
        if (spectra.WavelengthUnit != WavelengthUnit)
            throw new SpectralDataException($"{spectra.Source}: the spectral axis is in {spectra.Axis.Symbol}, but the model's is in {Axis.Symbol}.");
        double[] axis = spectra.Wavelengths;
        CheckAxis(axis, axis.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(), spectra.Source, file: null);
        return Predict(spectra.Spectra, spectra.SampleIds, "sample");
    }

    /// <summary>
    /// Predicts the target for the raw spectra of a CSV file: one row per sample, one column per wavelength with the wavelength
    /// as its header (read as the model's <see cref="WavelengthUnit"/>), and a column of sample ids. No target column is needed;
    /// other columns are ignored. The file is read as strictly as by <see cref="SpectralDataset.LoadCsv"/>, and its spectral
    /// headers must be the model's axis (within <see cref="AxisTolerance"/>): otherwise a <see cref="SpectralDataException"/>
    /// names the first column that differs, or the counts.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="idColumn">The header of the ids' column; by default the first column when its header is not a wavelength, otherwise the samples are numbered from 1.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="decimalComma">Numbers use ',' as the decimal mark (with a <paramref name="separator"/> other than ',').</param>
    public Predictions PredictCsv(string path, string? idColumn = null, char separator = ',', bool decimalComma = false)
    {
        var table = SpectralCsv.ReadForPrediction(path, idColumn, separator, decimalComma);
        CheckAxis(table.Wavelengths, table.WavelengthHeaders, Path.GetFileName(path), file: path);
        return Predict(table.Spectra, table.SampleIds, table.IdHeader ?? "sample");
    }

    /// <summary>Predicts raw spectra already checked against the model's axis.</summary>
    internal Predictions Predict(float[,] spectra, string[] ids, string idHeader)
    {
        foreach (var step in Preprocessing) spectra = step.Apply(spectra);
        float[] values = NetworkPrediction.Predict(Network, metadata.SpectraScaler.Transform(spectra), metadata.TargetScaler);
        int bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new NirNetException(string.Create(CultureInfo.InvariantCulture,
                $"the network predicted {values[bad]} for sample '{ids[bad]}'; its spectrum is probably far outside those the model was trained on."));
        return new Predictions(idHeader, ids, values, TargetName, TargetUnit);
    }

    /// <summary>
    /// Throws, naming the first column that differs or the counts, unless <paramref name="axis"/> is the model's; the error's
    /// location is the <paramref name="file"/>'s header line, or for a dataset its <paramref name="source"/>.
    /// </summary>
    internal void CheckAxis(double[] axis, string[] headers, string source, string? file)
    {
        double[] expected = metadata.Axis.ToArray();
        string unit = metadata.Axis.Symbol;
        string Range() => string.Create(CultureInfo.InvariantCulture, $"{expected.Length} values, {expected[0]}–{expected[^1]} {unit}");
        SpectralDataException Error(string message, string? column) =>
            file is null ? new SpectralDataException(message, source, column: column) : new SpectralDataException(message, file, 1, column);
        static bool Same(double found, double wanted) => Math.Abs(found - wanted) <= AxisTolerance * Math.Max(1, Math.Abs(wanted));
        for (int k = 0; k < Math.Min(axis.Length, expected.Length); k++)
        {
            if (Same(axis[k], expected[k])) continue;
            string reversed = axis.Length == expected.Length && axis.Reverse().Zip(expected).All(p => Same(p.First, p.Second))
                ? " The columns run in the opposite direction: put them in the model's order." : "";
            throw Error(string.Create(CultureInfo.InvariantCulture,
                $"spectral column {k + 1} is {axis[k]} {unit}, where the model expects {expected[k]} {unit} (its axis: {Range()}); " +
                $"the model predicts only spectra on its own axis.{reversed}"), headers[k]);
        }
        if (axis.Length < expected.Length)
            throw Error(string.Create(CultureInfo.InvariantCulture,
                $"{axis.Length} spectral columns, but the model expects {expected.Length} ({Range()}): {expected[axis.Length]} {unit} and on are missing."),
                null);
        if (axis.Length > expected.Length)
            throw Error($"{axis.Length} spectral columns, but the model expects {expected.Length} ({Range()}): " +
                $"the columns from '{headers[expected.Length]}' on are beyond its axis.", headers[expected.Length]);
    }

    /// <summary>The SHA-256 of a file, as lower-case hexadecimal digits.</summary>
    internal static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>One line: the network, the preprocessing, the axis and the target.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{metadata.Architecture}; preprocessing: {(Preprocessing.Count == 0 ? "none" : string.Join(", ", Preprocessing))}; " +
        $"axis {metadata.Axis.Range} ({metadata.Axis.Count} values); " +
        $"predicts {TargetName}{TargetUnitSuffix}");

    string TargetUnitSuffix => TargetUnit.Length > 0 ? $" ({TargetUnit})" : "";
}
