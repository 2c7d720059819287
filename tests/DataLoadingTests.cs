using System.Diagnostics;
using System.Globalization;
using System.Text;
using NirNet.Data;

namespace NirNet.Tests;

public sealed class DataLoadingTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-data-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Write(string name, string text)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    static SpectralCsvOptions Brix => new("Brix", "°Brix");

    [Fact]
    public void Peach_style_file_loads_with_an_index_axis()
    {
        string path = Write("peach.csv", "Brix,wl1,wl2,wl3\n15.5,-1.03,-1.02,-1.01\n16.7,-1.13,-1.12,-1.11\n");

        var data = SpectralDataset.LoadCsv(path, Brix);

        Assert.Equal(2, data.Count);
        Assert.Equal(3, data.WavelengthCount);
        Assert.Equal(SpectralAxisUnit.Index, data.WavelengthUnit);
        Assert.Equal([1.0, 2.0, 3.0], data.Wavelengths);
        Assert.Equal([15.5f, 16.7f], data.Target);
        Assert.Equal(-1.12f, data.Spectra[1, 1]);
        Assert.Equal(["1", "2"], data.SampleIds);
        Assert.Equal("Brix (°Brix)", data.TargetLabel);
    }

    [Fact]
    public void Plums_style_file_with_a_pandas_index_and_numbered_columns_loads()
    {
        string path = Write("plums.csv", ",Brix,Firmness,0,1,2\n0,22.3,3.8,1.13,1.12,1.11\n1,19.95,3.35,1.06,1.05,1.04\n");

        var data = SpectralDataset.LoadCsv(path, new SpectralCsvOptions("Brix", "°Brix", KeepMetadata: true));

        Assert.Equal(SpectralAxisUnit.Index, data.WavelengthUnit);
        Assert.Equal([0.0, 1.0, 2.0], data.Wavelengths);
        Assert.Equal(["3.8", "3.35"], data.Metadata["Firmness"]);
        Assert.Equal([22.3f, 19.95f], data.Target);
    }

    [Fact]
    public void Numeric_headers_are_wavelengths_in_nm_and_other_columns_are_metadata_by_choice()
    {
        string text = "id,date,Brix,1100,1100.5,1101\n\"a, first\",2020-01-02,1.5,0.1,0.2,0.3\nb,2020-01-03,2.5,0.4,0.5,0.6\n";
        string path = Write("nm.csv", text);

        var kept = SpectralDataset.LoadCsv(path, Brix with { IdColumn = "id", KeepMetadata = true, AxisUnit = SpectralAxisUnit.Nanometres });
        var ignored = SpectralDataset.LoadCsv(path, Brix with { AxisUnit = SpectralAxisUnit.Nanometres });

        Assert.Equal(SpectralAxisUnit.Nanometres, kept.WavelengthUnit);
        Assert.Equal([1100, 1100.5, 1101], kept.Wavelengths);
        Assert.Equal(["a, first", "b"], kept.SampleIds);
        Assert.Equal(["2020-01-02", "2020-01-03"], kept.Metadata["date"]);
        Assert.Empty(ignored.Metadata);
    }

    [Fact]
    public void Shipped_dataset_loads_with_its_documented_shape()
    {
        var data = Datasets.SimulatedSoil();

        Assert.Equal(400, data.Count);
        Assert.Equal(211, data.WavelengthCount);
        Assert.Equal(400, data.Wavelengths[0]);
        Assert.Equal(2500, data.Wavelengths[^1]);
        Assert.Equal("SOM (%)", data.TargetLabel);
        Assert.Equal(["clay", "moisture"], data.Metadata.Keys.Order());
        Assert.InRange(data.Target.Min(), 0.2f, 1f);
        Assert.InRange(data.Target.Max(), 6f, 13f);
    }

    [Fact]
    public void Shipped_csv_is_exactly_what_the_simulator_generates()
    {
        string committed = File.ReadAllText(Datasets.DataFile(SoilSpectraSimulator.ShippedFileName));

        Assert.True(committed == SoilSpectraSimulator.ToCsv(),
            "data/soil-vnir-simulated.csv differs from the simulator's output; regenerate it with `dotnet run data/generate-soil-spectra.cs`.");
    }

    [Fact]
    public void Simulator_is_reproducible_from_its_seed_and_differs_across_seeds()
    {
        Assert.Equal(SoilSpectraSimulator.ToCsv(20, 5), SoilSpectraSimulator.ToCsv(20, 5));
        Assert.NotEqual(SoilSpectraSimulator.ToCsv(20, 5), SoilSpectraSimulator.ToCsv(20, 6));
    }

    [Fact]
    public void Wide_file_of_2000_columns_and_500_rows_loads_quickly()
    {
        var random = new Random(1);
        var text = new StringBuilder("target,");
        text.AppendJoin(',', Enumerable.Range(0, 2000).Select(i => (1000 + 0.5 * i).ToString(CultureInfo.InvariantCulture))).Append('\n');
        for (int r = 0; r < 500; r++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{random.NextDouble():F3}");
            for (int c = 0; c < 2000; c++) text.Append(CultureInfo.InvariantCulture, $",{random.NextDouble():F6}");
            text.Append('\n');
        }
        string path = Write("wide.csv", text.ToString());
        var options = new SpectralCsvOptions("target", AxisUnit: SpectralAxisUnit.Nanometres);
        SpectralDataset.LoadCsv(path, options); // warm-up: the figure that matters is a load, not the JIT

        var clock = Stopwatch.StartNew();
        var data = SpectralDataset.LoadCsv(path, options);
        clock.Stop();

        Assert.Equal((500, 2000), (data.Count, data.WavelengthCount));
        // A generous bound that only catches a pathological slowdown; the timing itself is reported by the benchmark.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"loading took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Dataset_converts_to_tensors_and_to_a_DataFrame()
    {
        string path = Write("small.csv", "Brix,wl1,wl2,wl3\n1,0.1,0.2,0.3\n2,0.4,0.5,0.6\n");
        var data = SpectralDataset.LoadCsv(path, Brix);

        var (X, y) = data.ToTensors();
        var table = data.ToDataFrame(wavelengthColumns: 2);

        using (X) using (y)
        {
            Assert.Equal([2L, 3L], X.shape);
            Assert.Equal([2L, 1L], y.shape);
            Assert.Equal(0.5f, X[1, 1].item<float>());
        }
        Assert.Equal(["sample", "Brix (°Brix)", "1", "3"], table.Columns.Select(c => c.Name));
        Assert.Equal(2L, table.Rows.Count);
    }
}
