using NirNet.Data;

namespace NirNet.Tests;

/// <summary>Every kind of bad input is a <see cref="SpectralDataException"/> that says where and what, never a crash or a NaN.</summary>
public sealed class BadInputTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-bad-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    SpectralDataException Load(string text, SpectralCsvOptions? options = null)
    {
        string path = Path.Combine(folder, "bad.csv");
        File.WriteAllText(path, text);
        var error = Assert.Throws<SpectralDataException>(() => SpectralDataset.LoadCsv(path, options ?? new SpectralCsvOptions("Brix")));
        Assert.Equal(path, error.File);
        Assert.StartsWith(path, error.Message);
        return error;
    }

    [Fact]
    public void Missing_file()
    {
        string path = Path.Combine(folder, "nowhere.csv");
        var error = Assert.Throws<SpectralDataException>(() => SpectralDataset.LoadCsv(path, new SpectralCsvOptions("Brix")));
        Assert.Contains("file not found", error.Message);
        Assert.Equal(path, error.File);
    }

    [Fact]
    public void Empty_file() => Assert.Contains("the file is empty", Load("").Message);

    [Fact]
    public void Header_without_rows() => Assert.Contains("no data rows", Load("Brix,wl1,wl2\n").Message);

    [Fact]
    public void Missing_target_column_lists_the_columns_found()
    {
        var error = Load("brix,wl1,wl2\n1,2,3\n");
        Assert.Contains("no column named 'Brix'", error.Message);
        Assert.Contains("'brix', 'wl1', 'wl2'", error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Non_numeric_cell_names_line_and_column()
    {
        var error = Load("Brix,wl1,wl2\n1,2,3\n4,x5,6\n");
        Assert.Equal((3, "wl1"), (error.Line, error.Column));
        Assert.Contains("'x5' is not a number", error.Message);
    }

    [Fact]
    public void Decimal_comma_is_explained() => Assert.Contains("use '.' as the decimal point", Load("Brix,wl1,wl2\n1,\"2,5\",3\n").Message);

    [Fact]
    public void Empty_cell_names_line_and_column()
    {
        var error = Load("Brix,wl1,wl2\n1,2,3\n4,5,\n");
        Assert.Equal((3, "wl2"), (error.Line, error.Column));
        Assert.Contains("the cell is empty", error.Message);
    }

    [Fact]
    public void Empty_target_cell() => Assert.Equal("Brix", Load("Brix,wl1,wl2\n,2,3\n").Column);

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e39")]
    public void Non_finite_values_are_refused(string value)
    {
        var error = Load($"Brix,wl1,wl2\n1,2,{value}\n");
        Assert.Equal((2, "wl2"), (error.Line, error.Column));
        Assert.Contains("not a finite number", error.Message);
    }

    [Theory]
    [InlineData("Brix,wl1,wl2\n1,2\n", "2 fields, but the header has 3")]
    [InlineData("Brix,wl1,wl2\n1,2,3,4\n", "4 fields, but the header has 3")]
    public void Ragged_rows_name_the_line(string text, string message)
    {
        var error = Load(text);
        Assert.Equal(2, error.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Duplicate_wavelength_headers()
    {
        var error = Load("Brix,1100,1102,1100\n1,2,3,4\n");
        Assert.Equal("1100", error.Column);
        Assert.Contains("columns 2 and 4", error.Message);
    }

    [Fact]
    public void Non_monotonic_wavelengths()
    {
        var error = Load("Brix,1100,1104,1102\n1,2,3,4\n");
        Assert.Equal("1102", error.Column);
        Assert.Contains("must increase or decrease throughout", error.Message);
    }

    [Fact]
    public void No_wavelength_columns() => Assert.Contains("no wavelength columns", Load("Brix,colour,shape\n1,red,round\n").Message);

    [Fact]
    public void Unclosed_quote() => Assert.Contains("quoted field is not closed", Load("Brix,wl1\n1,\"2\n").Message);

    [Fact]
    public void Too_few_samples_for_the_split()
    {
        string path = Path.Combine(folder, "three.csv");
        File.WriteAllText(path, "Brix,wl1,wl2\n1,2,3\n2,3,4\n3,4,5\n");
        var data = SpectralDataset.LoadCsv(path, new SpectralCsvOptions("Brix"));

        var error = Assert.Throws<SpectralDataException>(() => data.Split(0.2, 0.2));

        Assert.Contains("3 samples are too few", error.Message);
    }

    [Theory]
    [InlineData(0.0, 0.2, "validationFraction")]
    [InlineData(0.2, 1.5, "testFraction")]
    [InlineData(0.5, 0.5, "testFraction")]
    public void Impossible_split_fractions_name_the_parameter(double validation, double test, string parameter)
    {
        var data = Datasets.SimulatedSoil();
        var error = Assert.Throws<InvalidSettingException>(() => data.Split(validation, test));
        Assert.Equal(parameter, error.Parameter);
    }

    [Fact]
    public void In_memory_dataset_refuses_NaN_and_mismatched_shapes()
    {
        Assert.Contains("every value must be finite",
            Assert.Throws<SpectralDataException>(() => new SpectralDataset(new float[,] { { 1, float.NaN } }, [1], [1, 2])).Message);
        Assert.Contains("2 target values",
            Assert.Throws<SpectralDataException>(() => new SpectralDataset(new float[,] { { 1, 2 } }, [1, 2], [1, 2])).Message);
    }
}
