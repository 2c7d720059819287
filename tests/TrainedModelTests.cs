using System.Globalization;
using System.Text.Json.Nodes;
using NirNet.Data;
using NirNet.Models;
using NirNet.Training;
using TorchSharp.Modules;

namespace NirNet.Tests;

/// <summary>
/// A trained network saved with what it needs (chapter 8): it loads back and predicts raw spectra exactly as before, and every
/// damaged file, foreign axis or wrong network is a typed error naming the file, field or column.
/// </summary>
public sealed class TrainedModelTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-model-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly DatasetSplit Raw = Datasets.Tecator().SplitInOrder(129, 43);

    /// <summary>A network trained briefly on Tecator after <paramref name="steps"/>, and its model.</summary>
    static (TrainedModel Model, float[] TestPredictions) Train(Func<int, Sequential> network, params PreprocessingStep[] steps)
    {
        var prepared = Datasets.Tecator();
        foreach (var step in steps) prepared = prepared.WithSpectra(step.Apply(prepared.Spectra));
        var scaled = prepared.SplitInOrder(129, 43).Standardize();
        var net = network(prepared.WavelengthCount);
        Trainer.Fit(net, scaled.Train, scaled.Validation, new TrainingOptions(Epochs: 20, ProgressLines: 0));
        return (TrainedModel.Of(net, scaled, steps), RegressionMetrics.Predict(net, scaled.Test, scaled.TargetScaler));
    }

    static (TrainedModel Model, float[] TestPredictions) Mlp() =>
        Train(inputs => Networks.Mlp(inputs, [16, 8], "sigmoid", seed: 1), new SavitzkyGolayStep(11, 2, 1));

    string Saved()
    {
        string path = Path.Combine(folder, $"model-{Guid.NewGuid():N}");
        Mlp().Model.Save(path);
        return path;
    }

    [Fact]
    public void Mlp_with_derivative_loads_back_and_predicts_raw_spectra_exactly_as_before()
    {
        var (model, expected) = Mlp();
        model.Save(Path.Combine(folder, "mlp"));
        var loaded = TrainedModel.Load(Path.Combine(folder, "mlp"));

        var predictions = loaded.Predict(Raw.Test);
        Assert.Equal(expected, predictions.Values);
        Assert.Equal(model.Predict(Raw.Test).Values, predictions.Values);
        Assert.Equal(Raw.Test.SampleIds, predictions.SampleIds);
        Assert.Equal(("fat", "%", SpectralAxisUnit.Nanometres), (loaded.TargetName, loaded.TargetUnit, loaded.WavelengthUnit));
        Assert.Equal(Raw.Test.Wavelengths, loaded.Wavelengths);
        Assert.Equal([new SavitzkyGolayStep(11, 2, 1)], loaded.Preprocessing);
        Assert.Equal("MLP 100 → 16 → 8 → 1, sigmoid; preprocessing: Savitzky–Golay (window 11, order 2, derivative 1); " +
                     "axis 850–1048 nm (100 values); predicts fat (%)", loaded.ToString());
    }

    [Fact]
    public void Cnn_with_snv_loads_back_and_predicts_exactly_as_before()
    {
        var (model, expected) = Train(inputs => Networks.Cnn1d(inputs, [4, 8], kernelSize: 5, dense: [16], seed: 2), new SnvStep());
        model.Save(Path.Combine(folder, "cnn"));
        var loaded = TrainedModel.Load(Path.Combine(folder, "cnn"));

        Assert.Equal(expected, loaded.Predict(Raw.Test).Values);
        Assert.StartsWith("CNN on 100 wavelengths, channels 4, 8, kernel 5, dense 16, relu; preprocessing: SNV;", loaded.ToString());
    }

    [Fact]
    public void Msc_reference_and_dropout_survive_the_round_trip()
    {
        var reference = Preprocess.MeanSpectrum(Raw.Train.Spectra);
        var (model, expected) = Train(inputs => Networks.Mlp(inputs, [8], "relu", seed: 3, dropout: 0.2), new MscStep(reference));
        model.Save(Path.Combine(folder, "msc"));
        var loaded = TrainedModel.Load(Path.Combine(folder, "msc"));

        Assert.Equal(expected, loaded.Predict(Raw.Test).Values);
        Assert.Equal(reference, ((MscStep)loaded.Preprocessing.Single()).Reference);
        Assert.StartsWith("MLP 100 → 8 → 1, relu, dropout 0.2;", loaded.ToString());
    }

    [Fact]
    public void Predictions_are_the_same_call_after_call()
    {
        // Before the spectra were copied into a tensor of torch's own (RegressionMetrics.Predict), a tensor made from the
        // managed array gave predictions that differed in the last bit from call to call (measured: 1 ulp on some samples).
        var (model, _) = Train(inputs => Networks.Mlp(inputs, [8], "relu", seed: 3),
            new MscStep(Preprocess.MeanSpectrum(Raw.Train.Spectra)));
        var first = model.Predict(Raw.Test).Values;
        for (int call = 0; call < 20; call++)
            Assert.Equal(first, model.Predict(Raw.Test).Values);
    }

    [Fact]
    public void Metadata_is_documented_json_with_format_version_axis_scalers_and_target()
    {
        string path = Saved();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(path, "model.json")))!;

        Assert.Equal("nirnet-model", (string?)json["format"]);
        Assert.Equal(TrainedModel.FormatVersion, (int?)json["formatVersion"]);
        Assert.Equal("mlp", (string?)json["network"]!["kind"]);
        Assert.Equal("savitzky-golay", (string?)json["preprocessing"]![0]!["kind"]);
        Assert.Equal(("nm", "increasing", 100), ((string?)json["axis"]!["unit"], (string?)json["axis"]!["direction"], json["axis"]!["values"]!.AsArray().Count));
        Assert.Equal(100, json["spectraScaler"]!["scale"]!.AsArray().Count);
        Assert.Equal(("fat", "%"), ((string?)json["target"]!["name"], (string?)json["target"]!["unit"]));
        Assert.Equal(64, ((string?)json["weightsSha256"])!.Length);
    }

    [Fact]
    public void Csv_of_new_spectra_without_target_is_predicted_with_its_ids()
    {
        var (model, expected) = Mlp();
        string csv = WriteSpectra(Raw.Test, Raw.Test.Wavelengths.Select(Header).ToArray());

        var predictions = model.PredictCsv(csv);
        Assert.Equal(expected, predictions.Values);
        Assert.Equal(Raw.Test.SampleIds.Select(id => $"meat {id}"), predictions.SampleIds);
        Assert.Equal("id", predictions.IdHeader);
        string[] lines = predictions.ToCsv().Split('\n');
        Assert.Equal("id,fat (%)", lines[0]);
        Assert.Equal($"meat {Raw.Test.SampleIds[0]},{expected[0].ToString(CultureInfo.InvariantCulture)}", lines[1]);
    }

    [Fact]
    public void Csv_with_a_shifted_wavelength_names_the_column()
    {
        var (model, _) = Mlp();
        var headers = Raw.Test.Wavelengths.Select(Header).ToArray();
        headers[36] = "923";
        string csv = WriteSpectra(Raw.Test, headers);

        var error = Assert.Throws<SpectralDataException>(() => model.PredictCsv(csv));
        Assert.Equal((csv, 1, "923"), (error.File, error.Line, error.Column));
        Assert.Contains("spectral column 37 is 923 nm, where the model expects 922 nm", error.Message);
    }

    [Fact]
    public void Csv_with_a_missing_or_extra_wavelength_gives_the_counts()
    {
        var (model, _) = Mlp();
        var fewer = Raw.Test.Subset(Enumerable.Range(0, 5).ToArray());
        var missing = Assert.Throws<SpectralDataException>(() => model.PredictCsv(WriteSpectra(fewer, Raw.Test.Wavelengths.Select(Header).ToArray(), drop: 1)));
        Assert.Contains("99 spectral columns, but the model expects 100 (100 values, 850–1048 nm): 1048 nm and on are missing", missing.Message);

        var extra = new SpectralDataset(new float[2, 101], [0, 0], Enumerable.Range(0, 101).Select(k => 850.0 + 2 * k).ToArray(), SpectralAxisUnit.Nanometres);
        var beyond = Assert.Throws<SpectralDataException>(() => model.PredictCsv(WriteSpectra(extra, extra.Wavelengths.Select(Header).ToArray())));
        Assert.Equal("1050", beyond.Column);
    }

    [Fact]
    public void Csv_with_the_columns_reversed_says_so()
    {
        var (model, _) = Mlp();
        var reversed = Raw.Test.Wavelengths.Reverse().Select(Header).ToArray();
        var error = Assert.Throws<SpectralDataException>(() => model.PredictCsv(WriteSpectra(Raw.Test, reversed)));
        Assert.Equal("1048", error.Column);
        Assert.Contains("opposite direction", error.Message);
    }

    [Fact]
    public void Spectra_on_another_axis_are_refused_naming_the_first_column_that_differs()
    {
        var (model, _) = Mlp();
        double[] shifted = Raw.Test.Wavelengths.Select(w => w + 1).ToArray();
        var other = new SpectralDataset(Raw.Test.Spectra, Raw.Test.Target, shifted, SpectralAxisUnit.Nanometres, source: "other instrument");

        var error = Assert.Throws<SpectralDataException>(() => model.Predict(other));
        Assert.Equal("851", error.Column);
        Assert.Equal("other instrument", error.File);
        Assert.StartsWith("other instrument, column '851': spectral column 1 is 851 nm, where the model expects 850 nm", error.Message);

        var wavenumbers = new SpectralDataset(Raw.Test.Spectra, Raw.Test.Target, Raw.Test.Wavelengths, SpectralAxisUnit.Wavenumbers, source: "FT-NIR");
        Assert.Contains("the spectral axis is in cm⁻¹, but the model's is in nm",
            Assert.Throws<SpectralDataException>(() => model.Predict(wavenumbers)).Message);
    }

    [Fact]
    public void Axis_values_within_the_tolerance_are_the_same()
    {
        var (model, expected) = Mlp();
        double[] nudged = Raw.Test.Wavelengths.Select(w => w * (1 + TrainedModel.AxisTolerance / 2)).ToArray();
        var data = new SpectralDataset(Raw.Test.Spectra, Raw.Test.Target, nudged, SpectralAxisUnit.Nanometres);

        Assert.Equal(expected, model.Predict(data).Values);
    }

    [Fact]
    public void Missing_folder_or_file_names_it()
    {
        string nowhere = Path.Combine(folder, "nowhere");
        var noFolder = Assert.Throws<ModelFileException>(() => TrainedModel.Load(nowhere));
        Assert.Equal(nowhere, noFolder.Path);
        Assert.Contains("no such folder", noFolder.Message);

        string path = Saved();
        File.Delete(Path.Combine(path, "weights.bin"));
        var noWeights = Assert.Throws<ModelFileException>(() => TrainedModel.Load(path));
        Assert.Equal(Path.Combine(path, "weights.bin"), noWeights.Path);
        Assert.Contains("file not found", noWeights.Message);

        File.Delete(Path.Combine(path, "model.json"));
        Assert.Equal(Path.Combine(path, "model.json"), Assert.Throws<ModelFileException>(() => TrainedModel.Load(path)).Path);
    }

    [Fact]
    public void Truncated_json_is_a_typed_error()
    {
        string path = Saved(), json = Path.Combine(path, "model.json");
        File.WriteAllText(json, File.ReadAllText(json)[..200]);

        var error = Assert.Throws<ModelFileException>(() => TrainedModel.Load(path));
        Assert.Equal(json, error.Path);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void Newer_format_version_asks_for_a_newer_library()
    {
        string path = Saved();
        Edit(path, json => json["formatVersion"] = TrainedModel.FormatVersion + 1);

        var error = Assert.Throws<ModelFileException>(() => TrainedModel.Load(path));
        Assert.Contains($"format version {TrainedModel.FormatVersion + 1}, but this version of the library reads versions up to {TrainedModel.FormatVersion}", error.Message);
    }

    [Fact]
    public void A_wrong_field_is_named()
    {
        string Error(Action<JsonNode> edit)
        {
            string path = Saved();
            Edit(path, edit);
            return Assert.Throws<ModelFileException>(() => TrainedModel.Load(path)).Message;
        }

        Assert.Contains("the field 'spectraScaler.scale' has 99 values, but the axis has 100",
            Error(json => json["spectraScaler"]!["scale"]!.AsArray().RemoveAt(0)));
        Assert.Contains("the field 'axis.values' is missing", Error(json => json["axis"]!.AsObject().Remove("values")));
        Assert.Contains("the field 'axis.direction' is 'decreasing', but the values are increasing", Error(json => json["axis"]!["direction"] = "decreasing"));
        Assert.Contains("the field 'preprocessing[0].kind' is 'detrend'", Error(json => json["preprocessing"]![0]!["kind"] = "detrend"));
        Assert.Contains("the field 'network' does not describe a network the library can make: activation: unknown activation 'swish'",
            Error(json => json["network"]!["activation"] = "swish"));
    }

    [Fact]
    public void Damaged_weights_file_is_caught_by_its_checksum()
    {
        string path = Saved(), weights = Path.Combine(path, "weights.bin");
        byte[] bytes = File.ReadAllBytes(weights);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);

        var error = Assert.Throws<ModelFileException>(() => TrainedModel.Load(path));
        Assert.Equal(weights, error.Path);
        Assert.Contains("differ from those model.json records (SHA-256)", error.Message);
    }

    [Fact]
    public void Weights_that_do_not_fit_the_described_network_are_refused()
    {
        string path = Saved();
        Edit(path, json => json["network"]!["hidden"] = new JsonArray(16, 9));

        var error = Assert.Throws<ModelFileException>(() => TrainedModel.Load(path));
        Assert.Equal(Path.Combine(path, "weights.bin"), error.Path);
        Assert.Contains("does not fit the network model.json describes (MLP 100 → 16 → 9 → 1, sigmoid)", error.Message);
    }

    [Fact]
    public void Garbage_weights_with_a_matching_checksum_are_refused_without_a_crash()
    {
        string path = Saved(), weights = Path.Combine(path, "weights.bin");
        File.WriteAllBytes(weights, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(weights)));
        Edit(path, json => json["weightsSha256"] = sha);

        Assert.Contains("does not fit the network", Assert.Throws<ModelFileException>(() => TrainedModel.Load(path)).Message);
    }

    [Fact]
    public void Only_finite_networks_of_the_library_factories_can_be_made_into_models()
    {
        var scaled = Raw.Standardize();
        var foreign = TorchSharp.torch.nn.Sequential(("fc", TorchSharp.torch.nn.Linear(100, 1)));
        Assert.Contains("expected a Linear layer named 'output', but layer 1 is 'fc'",
            Assert.Throws<InvalidSettingException>(() => TrainedModel.Of(foreign, scaled)).Message);

        var wrongInputs = Networks.Mlp(50, [4]);
        Assert.Contains("only networks made by Networks.Mlp or Networks.Cnn1d for the 100 wavelengths",
            Assert.Throws<InvalidSettingException>(() => TrainedModel.Of(wrongInputs, scaled)).Message);

        var diverged = Networks.Mlp(100, [4]);
        using (TorchSharp.torch.no_grad()) diverged.parameters().First().fill_(float.NaN);
        Assert.Contains("include NaN or infinity", Assert.Throws<InvalidSettingException>(() => TrainedModel.Of(diverged, scaled)).Message);

        var tooWide = Networks.Mlp(100, [4]);
        Assert.Contains("more than the 100 wavelengths",
            Assert.Throws<InvalidSettingException>(() => TrainedModel.Of(tooWide, scaled, new SavitzkyGolayStep(101, 2, 1))).Message);
    }

    static string Header(double wavelength) => wavelength.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes an id column and the spectra under <paramref name="headers"/>, leaving out the last <paramref name="drop"/> columns.</summary>
    string WriteSpectra(SpectralDataset data, string[] headers, int drop = 0)
    {
        int columns = headers.Length - drop;
        var lines = new List<string> { "id," + string.Join(",", headers.Take(columns)) };
        for (int i = 0; i < data.Count; i++)
            lines.Add($"meat {data.SampleIds[i]}," + string.Join(",", Enumerable.Range(0, columns).Select(j => data.Spectra[i, j].ToString(CultureInfo.InvariantCulture))));
        string path = Path.Combine(folder, $"spectra-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    static void Edit(string modelFolder, Action<JsonNode> edit)
    {
        string path = Path.Combine(modelFolder, "model.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
