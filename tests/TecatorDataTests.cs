using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using NirNet.Data;

namespace NirNet.Tests;

/// <summary>The shipped Tecator file: its checksum, shape, values, licence and importer, and the classical split in file order.</summary>
public sealed partial class TecatorDataTests
{
    static string DataFile(string name) => Datasets.DataFile(name);

    static double[] Numbers(string[] texts) => texts.Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Committed_csv_has_the_checksum_that_data_README_records()
    {
        var recorded = ReadmeChecksum().Match(File.ReadAllText(DataFile("README.md")));

        Assert.True(recorded.Success, "data/README.md has no line \"**Checksum** of `tecator.csv` (SHA-256): `…`\".");
        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(DataFile(Datasets.TecatorFileName))));
        Assert.Equal(recorded.Groups["hash"].Value, actual);
    }

    [Fact]
    public void Tecator_has_215_samples_of_100_channels_from_850_to_1048_nm()
    {
        var data = Datasets.Tecator();

        Assert.Equal((215, 100), (data.Count, data.WavelengthCount));
        Assert.Equal(SpectralAxisUnit.Nanometres, data.WavelengthUnit);
        Assert.Equal(Enumerable.Range(0, 100).Select(k => 850.0 + 2 * k), data.Wavelengths);
        Assert.Equal(Enumerable.Range(1, 215).Select(i => i.ToString(CultureInfo.InvariantCulture)), data.SampleIds);
        Assert.Equal("fat (%)", data.TargetLabel);
        Assert.Equal(["moisture", "protein"], data.Metadata.Keys.Order());
    }

    [Fact]
    public void First_sample_has_the_values_stored_in_the_source()
    {
        var data = Datasets.Tecator();
        string firstRow = File.ReadLines(DataFile(Datasets.TecatorFileName)).Skip(1).First();

        Assert.StartsWith("1,60.5,22.5,16.7,2.61776,2.61814,", firstRow);
        Assert.Equal(22.5f, data.Target[0]);
        Assert.Equal("60.5", data.Metadata["moisture"][0]);
        Assert.Equal("16.7", data.Metadata["protein"][0]);
        Assert.Equal(new[] { 2.61776f, 2.61814f }, new[] { data.Spectra[0, 0], data.Spectra[0, 1] });
    }

    [Fact]
    public void Values_span_the_documented_ranges()
    {
        var data = Datasets.Tecator();
        var absorbance = data.Spectra.ToArray().Cast<float>().ToArray();

        Assert.Equal((2.06301f, 5.47374f), (absorbance.Min(), absorbance.Max()));
        Assert.Equal((0.9f, 49.1f), (data.Target.Min(), data.Target.Max()));
        Assert.Equal((39.3, 76.6), (Numbers(data.Metadata["moisture"]).Min(), Numbers(data.Metadata["moisture"]).Max()));
        Assert.Equal((11.0, 21.8), (Numbers(data.Metadata["protein"]).Min(), Numbers(data.Metadata["protein"]).Max()));
    }

    [Theory]
    [InlineData("moisture", 60.5f)]
    [InlineData("fat", 22.5f)]
    [InlineData("protein", 16.7f)]
    public void Each_property_can_be_the_target_and_the_other_two_are_metadata(string target, float first)
    {
        var data = Datasets.Tecator(target);

        Assert.Equal($"{target} (%)", data.TargetLabel);
        Assert.Equal(first, data.Target[0]);
        Assert.Equal(new[] { "fat", "moisture", "protein" }.Where(p => p != target), data.Metadata.Keys.Order());
    }

    [Theory]
    [InlineData("Fat")]
    [InlineData("water")]
    [InlineData("")]
    public void Unknown_target_is_rejected_with_the_valid_names(string target)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Datasets.Tecator(target));

        Assert.Equal("target", error.Parameter);
        Assert.Contains("moisture, fat, protein", error.Message);
    }

    [Fact]
    public void Classical_split_is_129_43_43_in_file_order()
    {
        var split = Datasets.Tecator().SplitInOrder(129, 43);

        Assert.Equal((129, 43, 43), (split.Train.Count, split.Validation.Count, split.Test.Count));
        Assert.Equal(("1", "129"), (split.Train.SampleIds[0], split.Train.SampleIds[^1]));
        Assert.Equal(("130", "172"), (split.Validation.SampleIds[0], split.Validation.SampleIds[^1]));
        Assert.Equal(("173", "215"), (split.Test.SampleIds[0], split.Test.SampleIds[^1]));
        Assert.Null(split.Seed);
        Assert.Equal("train 129, validation 43, test 43 samples (in file order)", split.ToString());
    }

    [Fact]
    public void Split_in_order_takes_the_smallest_valid_counts_and_a_seeded_split_still_names_its_seed()
    {
        var data = new SpectralDataset(new float[4, 2], [1, 2, 3, 4], [1000, 1002]);

        var smallest = data.SplitInOrder(2, 1);
        var seeded = data.Split(0.25, 0.25, seed: 7);

        Assert.Equal([1f, 2f, 3f, 4f], smallest.Train.Target.Concat(smallest.Validation.Target).Concat(smallest.Test.Target));
        Assert.Equal((2, 1, 1), (smallest.Train.Count, smallest.Validation.Count, smallest.Test.Count));
        Assert.Equal(7, seeded.Seed);
        Assert.EndsWith("(seed 7)", seeded.ToString());
    }

    [Theory]
    [InlineData(1, 43, "train")]
    [InlineData(-5, 43, "train")]
    [InlineData(129, 0, "validation")]
    [InlineData(129, 86, "validation")]
    [InlineData(214, 1, "validation")]
    [InlineData(int.MaxValue, 1, "validation")]
    public void Split_in_order_rejects_counts_that_leave_a_set_too_small(int train, int validation, string parameter)
    {
        var data = Datasets.Tecator();

        var error = Assert.Throws<InvalidSettingException>(() => data.SplitInOrder(train, validation));

        Assert.Equal(parameter, error.Parameter);
    }

    [Fact]
    public void Licence_note_is_shipped_and_says_where_it_was_copied_from()
    {
        string[] lines = File.ReadAllLines(DataFile("tecator-LICENSE.txt"));
        string text = string.Join("\n", lines);

        Assert.Contains("r-cran-caret 6.0-93+dfsg-1", lines[0]);
        Assert.Contains("help page `tecator`", lines[0]);
        Assert.Contains("Tecator Infratec Food and Feed Analyzer", text);
        Assert.Contains("the instrument and company name (Tecator)", text);
        Assert.Contains("The data can be redistributed as long as this\npermission note is attached.", text);
        Assert.Contains("(tecator-LICENSE.txt)", File.ReadAllText(DataFile("README.md")));
    }

    [Fact]
    public void Importer_documents_the_command_that_data_README_gives_and_its_package_is_pinned()
    {
        string importer = File.ReadAllText(DataFile("import-tecator.cs"));
        string readme = File.ReadAllText(DataFile("README.md"));
        string pins = File.ReadAllText(Path.Combine(Notebooks.Repository.Root, "Directory.Packages.props"));

        var command = ImportCommand().Match(importer);
        Assert.True(command.Success, "data/import-tecator.cs does not document its command `dotnet run data/import-tecator.cs -- <path>`.");
        Assert.Contains(command.Value, readme);
        Assert.Contains("apt-get download r-cran-caret", importer);
        Assert.Contains("apt-get download r-cran-caret", readme);
        Assert.StartsWith("#:package SharpCompress\n", importer);
        Assert.Contains("<PackageVersion Include=\"SharpCompress\"", pins);
    }

    [GeneratedRegex(@"\*\*Checksum\*\* of `tecator\.csv` \(SHA-256\): `(?<hash>[0-9a-f]{64})`")]
    private static partial Regex ReadmeChecksum();

    [GeneratedRegex(@"dotnet run data/import-tecator\.cs -- \S+/tecator\.RData")]
    private static partial Regex ImportCommand();
}
