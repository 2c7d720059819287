using NirNet.Data;
using NirNet.Models;
using TorchSharp.Modules;

namespace NirNet.Tests;

/// <summary>
/// <c>model.json</c> describes every preprocessing step and every network the library can make: each type has an example
/// here that must survive a write and a read, so that a new type cannot be saved as an empty object; a type the file does
/// not know is refused before anything is written; files as earlier versions wrote them still read, and an axis unit the
/// library does not know is a typed error naming the field.
/// </summary>
public sealed class ModelFileTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-modelfile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    const int Wavelengths = 12;

    static readonly SpectralAxis Axis = new(Enumerable.Range(0, Wavelengths).Select(k => 1100.0 + 2 * k), SpectralAxisUnit.Nanometres);

    static readonly PreprocessingStep[] StepExamples =
    [
        new SnvStep(),
        new MscStep([.. Enumerable.Range(0, Wavelengths).Select(k => 0.5 + 0.01 * k)]),
        new SavitzkyGolayStep(5, 2, 1),
    ];

    static readonly NetworkArchitecture[] ArchitectureExamples =
    [
        new MlpArchitecture(Wavelengths, [6, 3], "sigmoid", 0.1),
        new CnnArchitecture(Wavelengths, [2, 4], 3, [5], "relu"),
    ];

    static IEnumerable<Type> ConcreteTypesDerivedFrom(Type root) =>
        root.Assembly.GetTypes().Where(t => t.IsSubclassOf(root) && !t.IsAbstract).OrderBy(t => t.Name);

    [Fact]
    public void Every_preprocessing_step_and_network_type_has_an_example_here()
    {
        Assert.Equal(ConcreteTypesDerivedFrom(typeof(PreprocessingStep)), StepExamples.Select(s => s.GetType()).OrderBy(t => t.Name));
        Assert.Equal(ConcreteTypesDerivedFrom(typeof(NetworkArchitecture)), ArchitectureExamples.Select(a => a.GetType()).OrderBy(t => t.Name));
    }

    [Fact]
    public void Every_step_and_network_survives_a_write_and_a_read()
    {
        foreach (var architecture in ArchitectureExamples)
        {
            string path = Path.Combine(folder, "model.json");
            ModelFile.Write(path, Metadata(architecture, StepExamples));

            var read = ModelFile.Read(path);

            Assert.Equal(architecture.ToString(), read.Architecture.ToString());
            Assert.Equal(architecture.GetType(), read.Architecture.GetType());
            Assert.Equal(StepExamples.Select(s => s.GetType()), read.Preprocessing.Select(s => s.GetType()));
            Assert.Equal(StepExamples.Select(s => s.ToString()), read.Preprocessing.Select(s => s.ToString()));
            Assert.Equal(((MscStep)StepExamples[1]).Reference, ((MscStep)read.Preprocessing[1]).Reference);
            Assert.Equal(Axis, read.Axis);
        }
    }

    [Fact]
    public void A_network_the_file_cannot_describe_is_refused_and_nothing_is_written()
    {
        string path = Path.Combine(folder, "model.json");

        var error = Assert.Throws<InvalidOperationException>(() => ModelFile.Write(path, Metadata(new UnknownArchitecture(Wavelengths), [])));

        Assert.Contains(nameof(UnknownArchitecture), error.Message);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData(1, "", "nm", "increasing", "[1100, 1102, 1104]", SpectralAxisUnit.Nanometres)]
    [InlineData(2, "\"kind\": \"network\",", "cm⁻¹", "decreasing", "[9000, 8000, 7000]", SpectralAxisUnit.Wavenumbers)]
    [InlineData(2, "\"kind\": \"network\",", "index", "increasing", "[0, 1, 2]", SpectralAxisUnit.Index)]
    public void Files_as_earlier_versions_wrote_them_still_read(int version, string kind, string unit, string direction, string values,
        SpectralAxisUnit expected)
    {
        string path = WriteFile(OldFile(version, kind, unit, direction, values));

        var read = ModelFile.Read(path);

        Assert.Equal(expected, read.Axis.Unit);
        Assert.Equal(3, read.Axis.Count);
        Assert.Equal("MLP 3 → 4 → 1, relu", read.Architecture.ToString());
    }

    [Theory]
    [InlineData("µm", "[1.1, 1.2, 1.3]", "increasing", "the field 'axis.unit' is 'µm'; known units: nm, cm⁻¹, index")]
    [InlineData("nm", "[1100, 1100, 1104]", "increasing", "the field 'axis.values' cannot be the model's axis")]
    [InlineData("index", "[0, 0.5, 1]", "increasing", "an index must be a whole number")]
    [InlineData("nm", "[1100, 1102, 1104]", "decreasing", "the field 'axis.direction' is 'decreasing', but the values are increasing")]
    public void A_wrong_axis_is_a_typed_error_naming_the_field(string unit, string values, string direction, string message)
    {
        string path = WriteFile(OldFile(2, "\"kind\": \"network\",", unit, direction, values));

        var error = Assert.Throws<ModelFileException>(() => ModelFile.Read(path));

        Assert.Contains(message, error.Message);
        Assert.Equal(path, error.Path);
    }

    string WriteFile(string text)
    {
        string path = Path.Combine(folder, "model.json");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A <c>model.json</c> of a 3-input MLP as the library wrote it before the axis became a type.</summary>
    static string OldFile(int version, string kind, string unit, string direction, string values) => $$"""
        {
          "format": "nirnet-model",
          "formatVersion": {{version}},
          {{kind}}
          "savedBy": "NirNet 0.1.0",
          "network": { "kind": "mlp", "inputs": 3, "hidden": [4], "activation": "relu", "dropout": 0 },
          "weightsSha256": "{{new string('a', 64)}}",
          "preprocessing": [ { "kind": "snv" } ],
          "axis": { "unit": "{{unit}}", "direction": "{{direction}}", "values": {{values}} },
          "spectraScaler": { "mean": [0, 0, 0], "scale": [1, 1, 1] },
          "target": { "name": "fat", "unit": "%", "mean": 18.5, "scale": 12.25 }
        }
        """;

    static ModelFile.Metadata Metadata(NetworkArchitecture architecture, IReadOnlyList<PreprocessingStep> steps) =>
        new(architecture, new string('0', 64), steps, Axis,
            StandardScaler.FromMoments(new double[Wavelengths], Enumerable.Repeat(1.0, Wavelengths).ToArray()),
            StandardScaler.FromMoments([18.5], [12.25]), "fat", "%");

    /// <summary>A network type that <c>model.json</c> has no fields for.</summary>
    sealed record UnknownArchitecture(int Inputs) : NetworkArchitecture(Inputs, "relu")
    {
        public override Sequential Build() => throw new NotSupportedException();
    }
}
