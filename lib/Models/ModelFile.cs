using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using NirNet.Data;

namespace NirNet.Models;

/// <summary>
/// The metadata file of a saved model, <c>model.json</c> (chapter 8): for a single network everything but the weights, as
/// <see cref="TrainedModel.Save"/> describes it; for a committee the list of its members, as <see cref="Committee.Save"/>
/// describes it. Reading checks every field and names the first wrong one; a format version newer than
/// <see cref="TrainedModel.FormatVersion"/> is refused before anything else is read. Version 1 files (single networks,
/// without the <c>kind</c> field) still read.
/// </summary>
internal static class ModelFile
{
    /// <summary>The value of the file's <c>format</c> field, which tells a saved model's metadata from other JSON.</summary>
    const string FormatName = "nirnet-model";

    /// <summary>Everything <c>model.json</c> holds.</summary>
    internal sealed record Metadata(NetworkArchitecture Architecture, string WeightsSha256, IReadOnlyList<PreprocessingStep> Preprocessing,
        SpectralAxis Axis, StandardScaler SpectraScaler, StandardScaler TargetScaler, string TargetName, string TargetUnit);

    /// <summary>Everything a committee's <c>model.json</c> holds: its members, in order.</summary>
    internal sealed record CommitteeMetadata(IReadOnlyList<CommitteeMember> Members);

    /// <summary>One member of a saved committee: its sub-folder (a plain name) and the SHA-256 of the member's own <c>model.json</c>.</summary>
    internal sealed record CommitteeMember(string Folder, string ModelSha256);

    /// <summary>The <c>kind</c> of a single network's file.</summary>
    const string NetworkKind = "network";

    /// <summary>The <c>kind</c> of a committee's file.</summary>
    const string CommitteeKind = "committee";

    /// <summary>Writes a committee's <c>model.json</c>.</summary>
    public static void WriteCommittee(string path, CommitteeMetadata committee)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        Header(json, CommitteeKind);
        json.WriteStartArray("members");
        foreach (var member in committee.Members)
        {
            json.WriteStartObject();
            json.WriteString("folder", member.Folder);
            json.WriteString("modelSha256", member.ModelSha256);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    static void Header(Utf8JsonWriter json, string kind)
    {
        json.WriteString("format", FormatName);
        json.WriteNumber("formatVersion", TrainedModel.FormatVersion);
        json.WriteString("kind", kind);
        json.WriteString("savedBy", $"NirNet {typeof(ModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]}");
    }

    /// <summary>
    /// Writes a single network's <c>model.json</c>. The text is made in memory first, so that a network or a step this file
    /// cannot describe (<see cref="WriteArchitecture"/>, <see cref="WriteStep"/>) leaves no file behind.
    /// </summary>
    public static void Write(string path, Metadata metadata)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteNetwork(json, metadata);
        File.WriteAllBytes(path, buffer.ToArray());
    }

    static void WriteNetwork(Utf8JsonWriter json, Metadata metadata)
    {
        json.WriteStartObject();
        Header(json, NetworkKind);
        json.WriteStartObject("network");
        WriteArchitecture(json, metadata.Architecture);
        json.WriteEndObject();
        json.WriteString("weightsSha256", metadata.WeightsSha256);
        json.WriteStartArray("preprocessing");
        foreach (var step in metadata.Preprocessing)
        {
            json.WriteStartObject();
            WriteStep(json, step);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("axis");
        json.WriteString("unit", metadata.Axis.Symbol);
        json.WriteString("direction", DirectionName(metadata.Axis.Direction));
        Numbers(json, "values", metadata.Axis.Values);
        json.WriteEndObject();
        json.WriteStartObject("spectraScaler");
        Numbers(json, "mean", metadata.SpectraScaler.Mean);
        Numbers(json, "scale", metadata.SpectraScaler.Scale);
        json.WriteEndObject();
        json.WriteStartObject("target");
        json.WriteString("name", metadata.TargetName);
        json.WriteString("unit", metadata.TargetUnit);
        json.WriteNumber("mean", metadata.TargetScaler.Mean[0]);
        json.WriteNumber("scale", metadata.TargetScaler.Scale[0]);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// The fields of one network, by its type: every <see cref="NetworkArchitecture"/> has a case here and in
    /// <see cref="Architecture"/>, and one without is refused rather than written as an empty object.
    /// </summary>
    static void WriteArchitecture(Utf8JsonWriter json, NetworkArchitecture architecture)
    {
        switch (architecture)
        {
            case MlpArchitecture mlp:
                json.WriteString("kind", "mlp");
                json.WriteNumber("inputs", mlp.Inputs);
                Integers(json, "hidden", mlp.Hidden);
                json.WriteString("activation", mlp.Activation);
                json.WriteNumber("dropout", mlp.Dropout);
                break;
            case CnnArchitecture cnn:
                json.WriteString("kind", "cnn1d");
                json.WriteNumber("inputs", cnn.Inputs);
                Integers(json, "channels", cnn.Channels);
                json.WriteNumber("kernelSize", cnn.KernelSize);
                Integers(json, "dense", cnn.Dense);
                json.WriteString("activation", cnn.Activation);
                break;
            default:
                throw new InvalidOperationException(
                    $"model.json has no fields for the network type {architecture.GetType().Name}; add it to ModelFile.WriteArchitecture and ModelFile.Architecture.");
        }
    }

    /// <summary>
    /// The fields of one preprocessing step, by its type: every <see cref="PreprocessingStep"/> has a case here and in
    /// <see cref="Step"/>, and one without is refused rather than written as an empty object.
    /// </summary>
    static void WriteStep(Utf8JsonWriter json, PreprocessingStep step)
    {
        switch (step)
        {
            case SnvStep:
                json.WriteString("kind", "snv");
                break;
            case MscStep msc:
                json.WriteString("kind", "msc");
                Numbers(json, "reference", msc.Reference);
                break;
            case SavitzkyGolayStep sg:
                json.WriteString("kind", "savitzky-golay");
                json.WriteNumber("windowLength", sg.WindowLength);
                json.WriteNumber("polynomialOrder", sg.PolynomialOrder);
                json.WriteNumber("derivative", sg.Derivative);
                break;
            default:
                throw new InvalidOperationException(
                    $"model.json has no fields for the preprocessing step {step.GetType().Name}; add it to ModelFile.WriteStep and ModelFile.Step.");
        }
    }

    static void Integers(Utf8JsonWriter json, string name, IEnumerable<int> values)
    {
        json.WriteStartArray(name);
        foreach (int v in values) json.WriteNumberValue(v);
        json.WriteEndArray();
    }

    static void Numbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (double v in values) json.WriteNumberValue(v);
        json.WriteEndArray();
    }

    /// <summary>The file's name of a direction: <c>increasing</c> or <c>decreasing</c>.</summary>
    static string DirectionName(SpectralAxisDirection direction) => direction switch
    {
        SpectralAxisDirection.Ascending => "increasing",
        SpectralAxisDirection.Descending => "decreasing",
        _ => throw new InvalidOperationException($"ModelFile cannot write the axis direction {direction}."),
    };

    /// <summary>Reads a single network's <c>model.json</c>; a committee's is refused, naming <see cref="Committee.Load"/>.</summary>
    public static Metadata Read(string path) => ReadAny(path) switch
    {
        (Metadata network, _) => network,
        (_, CommitteeMetadata committee) => throw new ModelFileException(path,
            $"holds a committee of {committee.Members.Count} networks, not a single network: load it with Committee.Load."),
        _ => throw new InvalidOperationException("ReadAny returns a network or a committee."),
    };

    /// <summary>Reads a <c>model.json</c> of either kind: exactly one of the two results is set.</summary>
    public static (Metadata? Network, CommitteeMetadata? Committee) ReadAny(string path)
    {
        if (!File.Exists(path))
            throw new ModelFileException(path, "file not found; a saved model's folder holds model.json and weights.bin, as TrainedModel.Save writes them.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new ModelFileException(path, $"not valid JSON ({e.Message}); the file is damaged: save the model again.", e);
        }
        using (document)
        {
            var root = new Field(path, document.RootElement, "");
            if (root.Element.ValueKind != JsonValueKind.Object || !root.Element.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
                throw new ModelFileException(path, $"not the metadata of a saved model (no \"format\": \"{FormatName}\" field).");
            int version = root["formatVersion"].Integer();
            if (version > TrainedModel.FormatVersion)
                throw new ModelFileException(path,
                    $"format version {version}, but this version of the library reads versions up to {TrainedModel.FormatVersion}; " +
                    "the model was saved by a newer NirNet: update the library to load it.");
            if (version < 1)
                throw root["formatVersion"].Invalid($"must be 1 or more, got {version}");
            string kind = version == 1 ? NetworkKind : root["kind"].Text();
            return kind switch
            {
                NetworkKind => (Contents(root), null),
                CommitteeKind => (null, Members(root)),
                _ => throw root["kind"].Invalid($"is '{kind}'; known kinds: {NetworkKind}, {CommitteeKind}"),
            };
        }
    }

    static Metadata Contents(Field root)
    {
        var axis = root["axis"];
        string symbol = axis["unit"].Text();
        if (!SpectralAxis.TryParseSymbol(symbol, out var unit))
            throw axis["unit"].Invalid($"is '{symbol}'; known units: {SpectralAxis.Symbols}");
        SpectralAxis wavelengths;
        try
        {
            wavelengths = new SpectralAxis(axis["values"].Numbers(), unit);
        }
        catch (SpectralAxisException e)
        {
            throw axis["values"].Invalid($"cannot be the model's axis: {e.Message.TrimEnd('.')}");
        }
        string direction = axis["direction"].Text();
        if (direction != DirectionName(wavelengths.Direction))
            throw axis["direction"].Invalid($"is '{direction}', but the values are {DirectionName(wavelengths.Direction)}");
        int p = wavelengths.Count;

        var scaler = root["spectraScaler"];
        double[] mean = scaler["mean"].Numbers(p), scale = scaler["scale"].Numbers(p);
        if (scale.Any(s => !(s > 0))) throw scaler["scale"].Invalid("must hold positive numbers only");
        var target = root["target"];
        double targetMean = target["mean"].Number(), targetScale = target["scale"].Number();
        if (!(targetScale > 0)) throw target["scale"].Invalid("must be positive");
        string targetName = target["name"].Text();
        if (targetName.Length == 0) throw target["name"].Invalid("must name the predicted property");

        var steps = root["preprocessing"].Items().Select(field => Step(field, p)).ToList();
        var architecture = Architecture(root["network"]);
        if (architecture.Inputs != p)
            throw root["network"]["inputs"].Invalid($"is {architecture.Inputs}, but the axis has {p} values");
        string sha = root["weightsSha256"].Text();
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
            throw root["weightsSha256"].Invalid("must be 64 lower-case hexadecimal digits");
        return new Metadata(architecture, sha, steps, wavelengths, StandardScaler.FromMoments(mean, scale),
            StandardScaler.FromMoments([targetMean], [targetScale]), targetName, target["unit"].Text());
    }

    static CommitteeMetadata Members(Field root)
    {
        var members = root["members"].Items().Select(item =>
        {
            string folder = item["folder"].Text();
            if (folder.Length == 0 || folder is "." or ".." || folder != Path.GetFileName(folder) || folder.IndexOfAny(['/', '\\']) >= 0)
                throw item["folder"].Invalid($"is '{folder}', but must be the plain name of a folder inside the committee's folder");
            string sha = item["modelSha256"].Text();
            if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
                throw item["modelSha256"].Invalid("must be 64 lower-case hexadecimal digits");
            return new CommitteeMember(folder, sha);
        }).ToList();
        if (members.Count == 0) throw root["members"].Invalid("must list at least one member");
        var twice = members.GroupBy(m => m.Folder).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw root["members"].Invalid($"lists the folder '{twice.Key}' more than once");
        return new CommitteeMetadata(members);
    }

    static PreprocessingStep Step(Field field, int wavelengths)
    {
        string kind = field["kind"].Text();
        PreprocessingStep step = kind switch
        {
            "snv" => new SnvStep(),
            "msc" => new MscStep(field["reference"].Numbers()),
            "savitzky-golay" => new SavitzkyGolayStep(field["windowLength"].Integer(), field["polynomialOrder"].Integer(), field["derivative"].Integer()),
            _ => throw field["kind"].Invalid($"is '{kind}'; known steps: snv, msc, savitzky-golay"),
        };
        try
        {
            step.Check(wavelengths);
        }
        catch (InvalidSettingException e)
        {
            throw field.Invalid($"cannot apply to spectra of {wavelengths} wavelengths: {e.Message}");
        }
        return step;
    }

    static NetworkArchitecture Architecture(Field network)
    {
        string kind = network["kind"].Text();
        int inputs = network["inputs"].Integer();
        string activation = network["activation"].Text();
        return kind switch
        {
            "mlp" => new MlpArchitecture(inputs, network["hidden"].Integers(), activation, network["dropout"].Number()),
            "cnn1d" => new CnnArchitecture(inputs, network["channels"].Integers(), network["kernelSize"].Integer(), network["dense"].Integers(), activation),
            _ => throw network["kind"].Invalid($"is '{kind}'; known networks: mlp, cnn1d"),
        };
    }

    /// <summary>One field of the file, with its path (<c>axis.values</c>) for messages.</summary>
    readonly record struct Field(string File, JsonElement Element, string Path)
    {
        public Field this[string name] =>
            Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var value)
                ? new Field(File, value, Path.Length == 0 ? name : $"{Path}.{name}")
                : throw new ModelFileException(File, $"the field '{(Path.Length == 0 ? name : $"{Path}.{name}")}' is missing; the file is damaged: save the model again.");

        public ModelFileException Invalid(string problem) =>
            new(File, $"the field '{Path}' {problem}; the file is damaged or was edited: save the model again.");

        public string Text() => Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Invalid($"must be text, found {Kind}");

        public double Number() =>
            Element.ValueKind == JsonValueKind.Number && Element.TryGetDouble(out double value) && double.IsFinite(value)
                ? value : throw Invalid($"must be a finite number, found {Kind}");

        public int Integer() =>
            Element.ValueKind == JsonValueKind.Number && Element.TryGetInt32(out int value) ? value : throw Invalid($"must be a whole number, found {Kind}");

        public IEnumerable<Field> Items()
        {
            if (Element.ValueKind != JsonValueKind.Array) throw Invalid($"must be a list, found {Kind}");
            var self = this;
            return Element.EnumerateArray().Select((item, i) => new Field(self.File, item, $"{self.Path}[{i}]")).ToList();
        }

        public double[] Numbers() => Items().Select(item => item.Number()).ToArray();

        public double[] Numbers(int count)
        {
            double[] values = Numbers();
            return values.Length == count ? values : throw Invalid($"has {values.Length} values, but the axis has {count}");
        }

        public int[] Integers() => Items().Select(item => item.Integer()).ToArray();

        string Kind => Element.ValueKind switch
        {
            JsonValueKind.Number => Element.GetRawText(),
            JsonValueKind.String => $"\"{Element.GetString()}\"",
            var other => other.ToString().ToLowerInvariant(),
        };
    }
}
