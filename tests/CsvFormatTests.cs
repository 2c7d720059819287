using System.IO.Compression;
using System.Text;
using NirNet.Data;

namespace NirNet.Tests;

/// <summary>
/// The layouts real exports come in: wavenumbers from high to low (FT-NIR), ';' with decimal commas (European spreadsheets),
/// text in UTF-16, and files that are not text at all.
/// </summary>
public sealed class CsvFormatTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-formats-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Write(string text, string name = "spectra.csv") => WriteBytes(Encoding.UTF8.GetBytes(text), name);

    string WriteBytes(byte[] bytes, string name = "spectra.csv")
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static SpectralCsvOptions Brix => new("Brix", "°Brix");

    static SpectralCsvOptions Semicolons => Brix with { Separator = ';', DecimalComma = true };

    /// <summary>Loading fails with a <see cref="SpectralDataException"/> that names the file.</summary>
    static SpectralDataException Refused(string path, SpectralCsvOptions options)
    {
        var error = Assert.Throws<SpectralDataException>(() => SpectralDataset.LoadCsv(path, options));
        Assert.Equal(path, error.File);
        Assert.StartsWith(path, error.Message);
        return error;
    }

    [Fact]
    public void Descending_wavenumbers_load_in_the_file_order()
    {
        string path = Write("Brix,10000,9996.5,9992,4000\n12.5,0.10,0.11,0.12,0.13\n13.5,0.20,0.21,0.22,0.23\n");

        var data = SpectralDataset.LoadCsv(path, Brix with { AxisUnit = SpectralAxisUnit.Wavenumbers });

        Assert.Equal([10000, 9996.5, 9992, 4000], data.Wavelengths);
        Assert.Equal(SpectralAxisUnit.Wavenumbers, data.WavelengthUnit);
        Assert.Equal("wavenumber (cm⁻¹)", data.AxisLabel);
        Assert.Equal([0.10f, 0.11f, 0.12f, 0.13f], Enumerable.Range(0, 4).Select(j => data.Spectra[0, j]));
        Assert.Contains("4 wavenumbers (10000–4000 cm⁻¹; unit cm⁻¹ as stated in AxisUnit)", data.ToString());
    }

    [Fact]
    public void Descending_numbers_without_a_unit_ask_for_one()
    {
        var error = Refused(Write("Brix,10000,9996,9992\n12.5,0.1,0.2,0.3\n"), Brix);

        Assert.Equal((1, "10000"), (error.Line, error.Column));
        Assert.Contains("AxisUnit: SpectralAxisUnit.Wavenumbers", error.Message);
        Assert.Contains("SpectralAxisUnit.Nanometres", error.Message);
    }

    [Theory]
    [InlineData("Brix,wl1,wl2,wl3\n1,2,3,4\n", 1.0, "unit index: the headers count the columns from 1")]
    [InlineData("Brix,0,1,2\n1,2,3,4\n", 0.0, "unit index: the headers count the columns from 0")]
    public void Headers_that_count_the_columns_are_an_index_and_the_summary_says_why(string text, double first, string note)
    {
        var data = SpectralDataset.LoadCsv(Write(text), Brix);

        Assert.Equal((SpectralAxisUnit.Index, "column index", first), (data.WavelengthUnit, data.AxisLabel, data.Wavelengths[0]));
        Assert.Equal(note, data.AxisNote);
        Assert.Contains(note, data.ToString());
    }

    [Theory]
    [InlineData("Brix,1100,1100.5,1102\n1,2,3,4\n", "1100", "increasing")]
    [InlineData("Brix,4000,4004,4008\n1,2,3,4\n", "4000", "increasing")]
    [InlineData("Brix,2,3,4\n1,2,3,4\n", "2", "increasing")]
    [InlineData("Brix,0,2,4\n1,2,3,4\n", "0", "increasing")]
    public void Numbers_that_could_be_wavelengths_or_wavenumbers_ask_for_the_unit_naming_the_header(string text, string header, string direction)
    {
        var error = Refused(Write(text), Brix);

        Assert.Equal((1, header), (error.Line, error.Column));
        Assert.Contains(direction, error.Message);
        Assert.Contains("AxisUnit: SpectralAxisUnit.Nanometres", error.Message);
        Assert.Contains("AxisUnit: SpectralAxisUnit.Wavenumbers", error.Message);
    }

    [Theory]
    [InlineData("Brix,1,2,3\n1,2,3,4\n", SpectralAxisUnit.Nanometres, "wavelength (nm)")]
    [InlineData("Brix,1100,1102,1104\n1,2,3,4\n", SpectralAxisUnit.Index, "column index")]
    [InlineData("Brix,4000,4004,4008\n1,2,3,4\n", SpectralAxisUnit.Wavenumbers, "wavenumber (cm⁻¹)")]
    public void An_explicit_unit_overrides_the_automatic_one(string text, SpectralAxisUnit axisUnit, string title)
    {
        var data = SpectralDataset.LoadCsv(Write(text), Brix with { AxisUnit = axisUnit });

        Assert.Equal((axisUnit, title), (data.WavelengthUnit, data.AxisLabel));
        Assert.Contains("as stated in AxisUnit", data.ToString());
    }

    [Theory]
    [InlineData("Brix,1000,1002,1001\n1,2,3,4\n", "1001", "increases up to '1002' and then goes to '1001'")]
    [InlineData("Brix,10000,9996,9998\n1,2,3,4\n", "9998", "decreases up to '9996' and then goes to '9998'")]
    [InlineData("Brix,1100,1100.0,1102\n1,2,3,4\n", "1100.0", "same value as '1100'")]
    public void An_axis_that_turns_or_repeats_names_the_column(string text, string column, string message)
    {
        var error = Refused(Write(text), Brix with { AxisUnit = SpectralAxisUnit.Wavenumbers });

        Assert.Equal((1, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void In_memory_dataset_accepts_a_descending_axis_and_refuses_a_turning_or_repeated_one()
    {
        var spectra = new float[1, 3];

        Assert.Equal([3.0, 2.0, 1.0], new SpectralDataset(spectra, [1], [3, 2, 1], SpectralAxisUnit.Wavenumbers).Wavelengths);
        Assert.Contains("increase or decrease throughout",
            Assert.Throws<SpectralDataException>(() => new SpectralDataset(spectra, [1], [3, 2, 2.5])).Message);
        Assert.Contains("no value twice",
            Assert.Throws<SpectralDataException>(() => new SpectralDataset(spectra, [1], [1, 1, 2])).Message);
    }

    [Fact]
    public void Decimal_commas_with_semicolons_load_exact_values()
    {
        string path = Write("sample;Brix;1100,5;1101;1101,5\nPêche 1;12,5;0,4312;0,4409;-1,5E-03\nPêche 2;9;1;2,25;3\n");

        var data = SpectralDataset.LoadCsv(path, Semicolons with { IdColumn = "sample", AxisUnit = SpectralAxisUnit.Nanometres });

        Assert.Equal([1100.5, 1101, 1101.5], data.Wavelengths);
        Assert.Equal([12.5f, 9f], data.Target);
        Assert.Equal([0.4312f, 0.4409f, -0.0015f], Enumerable.Range(0, 3).Select(j => data.Spectra[0, j]));
        Assert.Equal(2.25f, data.Spectra[1, 1]);
        Assert.Equal(["Pêche 1", "Pêche 2"], data.SampleIds);
    }

    [Fact]
    public void Decimal_comma_with_comma_separator_is_an_invalid_setting()
    {
        string path = Write("Brix,1100,1101\n1,2,3\n");

        var error = Assert.Throws<InvalidSettingException>(() => SpectralDataset.LoadCsv(path, Brix with { DecimalComma = true }));

        Assert.Equal("DecimalComma", error.Parameter);
    }

    [Fact]
    public void A_decimal_comma_file_read_without_the_option_is_told_to_set_it()
    {
        var cell = Refused(Write("Brix;1100;1101\n12,5;0,4312;0,4409\n"), Brix with { Separator = ';' });
        var header = Refused(Write("Brix;1100,5;1101\n12;0;1\n"), Brix with { Separator = ';' });

        Assert.Equal((2, "1100"), (cell.Line, cell.Column));
        Assert.Contains("'0,4312' is a number with a decimal comma: set DecimalComma: true", cell.Message);
        Assert.Equal((1, "1100,5"), (header.Line, header.Column));
        Assert.Contains("set DecimalComma: true", header.Message);
    }

    [Fact]
    public void With_decimal_commas_a_decimal_point_is_refused()
    {
        var error = Refused(Write("Brix;1100;1101\n12,5;0.4312;0,4409\n"), Semicolons);

        Assert.Equal((2, "1100"), (error.Line, error.Column));
        Assert.Contains("'0.4312' is not a number with ',' as the decimal mark", error.Message);
    }

    [Fact]
    public void A_semicolon_file_read_with_commas_is_told_which_separator_to_set()
    {
        var error = Refused(Write("Brix;1100;1101\n12.5;0.4;0.5\n"), Brix);

        Assert.Contains("set Separator: ';'", error.Message);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public void Text_with_a_byte_order_mark_loads(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        string text = "sample,Brix,1100,1102\nPêche 1,12.5,0.1,0.2\n";
        string path = WriteBytes([.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);

        var data = SpectralDataset.LoadCsv(path, Brix with { IdColumn = "sample", AxisUnit = SpectralAxisUnit.Nanometres });

        Assert.Equal(["Pêche 1"], data.SampleIds);
        Assert.Equal([1100.0, 1102.0], data.Wavelengths);
        Assert.Equal(0.2f, data.Spectra[0, 1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UTF16_without_a_byte_order_mark_is_refused(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: false);
        string path = WriteBytes(encoding.GetBytes("Brix,1100,1102\n12.5,0.1,0.2\n"));

        Assert.Contains("looks like UTF-16 text without a byte-order mark", Refused(path, Brix).Message);
    }

    [Fact]
    public void An_xlsx_workbook_is_told_to_be_exported_as_CSV()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = new StreamWriter(archive.CreateEntry("xl/workbook.xml").Open()))
            entry.Write("<workbook/>");
        string path = WriteBytes(zip.ToArray(), "spectra.xlsx");

        var error = Refused(path, Brix);

        Assert.Contains("Excel workbook (.xlsx)", error.Message);
        Assert.Contains("export it as CSV", error.Message);
    }

    [Fact]
    public void Other_binary_data_is_not_a_text_file()
    {
        var bytes = new byte[2048];
        new Random(7).NextBytes(bytes);
        bytes[100] = 0;

        Assert.Contains("this is not a text file (it contains NUL bytes)", Refused(WriteBytes(bytes, "spectra.bin"), Brix).Message);
    }

    [Fact]
    public void Spectra_chart_titles_the_axis_from_the_dataset_and_reverses_only_wavenumbers()
    {
        var wavenumbers = new SpectralDataset(new float[,] { { 1, 2, 3 } }, [1], [5000, 4500, 4000], SpectralAxisUnit.Wavenumbers);
        var wavelengths = new SpectralDataset(new float[,] { { 1, 2, 3 } }, [1], [1100, 1200, 1300], SpectralAxisUnit.Nanometres);

        string reversed = Charts.ToHtml(Charts.Spectra(wavenumbers));
        string ordinary = Charts.ToHtml(Charts.Spectra(wavelengths));

        Assert.Contains("wavenumber (cm⁻¹)", reversed);
        Assert.Contains("\"autorange\":\"reversed\"", reversed);
        Assert.Contains("wavelength (nm)", ordinary);
        Assert.DoesNotContain("reversed", ordinary);
    }
}
