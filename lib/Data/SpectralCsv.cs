using System.Globalization;
using System.Text.RegularExpressions;

namespace NirNet.Data;

/// <summary>
/// Reads spectra CSV files as <see cref="SpectralCsvOptions"/> describes, strictly: every problem is a
/// <see cref="SpectralDataException"/> naming the file, line and column, and a file that is not text (a workbook, UTF-16
/// without a byte-order mark) is refused before parsing.
/// </summary>
internal static partial class SpectralCsv
{
    /// <summary>Numbers with a decimal comma and no thousands separators, otherwise as the invariant culture reads them.</summary>
    static readonly NumberFormatInfo CommaDecimal = NumberFormatInfo.ReadOnly(new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "." });

    public static SpectralDataset Read(string path, SpectralCsvOptions options)
    {
        if (options.DecimalComma && options.Separator == ',')
            throw new InvalidSettingException(nameof(options.DecimalComma),
                "a decimal comma needs a field separator other than ','; set Separator to the file's, usually ';'.");
        var settings = new CsvSettings(options.Separator, options.DecimalComma, options.TargetColumn, options.IdColumn, options.KeepMetadata, ForPrediction: false);
        var table = Parse(path, settings);
        var (unit, note) = UnitOf(table.Wavelengths, table.WavelengthHeaders, options.AxisUnit, path);
        var axis = Checked(table.Wavelengths, table.WavelengthHeaders, path, values => new SpectralAxis(values, unit));
        return new SpectralDataset(table.Spectra, table.Target!, axis, options.TargetColumn, options.TargetUnit, table.SampleIds,
            table.Metadata, Path.GetFileName(path), note);
    }

    /// <summary>
    /// Reads a file of spectra to predict: no target column is needed (one that is there is ignored, like every other column
    /// that is not spectral). The sample ids are <paramref name="idColumn"/>; when it is null, the file's first column when
    /// its header is not spectral, otherwise the samples are numbered from 1. Problems are reported as by <see cref="Read"/>.
    /// </summary>
    public static SpectraTable ReadForPrediction(string path, string? idColumn, char separator, bool decimalComma)
    {
        if (decimalComma && separator == ',')
            throw new InvalidSettingException(nameof(decimalComma),
                "a decimal comma needs a field separator other than ','; pass the file's separator, usually ';'.");
        return Parse(path, new CsvSettings(separator, decimalComma, TargetColumn: null, idColumn, KeepMetadata: false, ForPrediction: true));
    }

    /// <summary>How to read one file: the settings of <see cref="SpectralCsvOptions"/>, or those of a file of spectra to predict.</summary>
    /// <param name="Separator">The field separator.</param>
    /// <param name="DecimalComma">Numbers use ',' as the decimal mark.</param>
    /// <param name="TargetColumn">The header of the column to predict; null when the file is read for predictions.</param>
    /// <param name="IdColumn">The header of the sample names' column, if named.</param>
    /// <param name="KeepMetadata">Keep the other non-spectral columns as text.</param>
    /// <param name="ForPrediction">The file is read for <c>TrainedModel.PredictCsv</c>: messages name its parameters, and ids default to the first column.</param>
    sealed record CsvSettings(char Separator, bool DecimalComma, string? TargetColumn, string? IdColumn, bool KeepMetadata, bool ForPrediction)
    {
        /// <summary>How the reader sets <paramref name="property"/> (a <see cref="SpectralCsvOptions"/> property) to <paramref name="value"/>.</summary>
        public string Set(string property, string value) => ForPrediction
            ? $"pass {char.ToLowerInvariant(property[0])}{property[1..]}: {value} to TrainedModel.PredictCsv"
            : $"set {property}: {value} in SpectralCsvOptions";
    }

    static SpectraTable Parse(string path, CsvSettings settings)
    {
        if (!System.IO.File.Exists(path))
            throw new SpectralDataException($"file not found (current folder: {Directory.GetCurrentDirectory()}).", path);
        using var stream = System.IO.File.OpenRead(path);
        RequireText(stream, path);
        using var reader = new StreamReader(stream); // reads UTF-8, and UTF-16 or UTF-32 when a byte-order mark says so
        string? headerLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine))
            throw new SpectralDataException(settings.TargetColumn is null
                ? "the file is empty; expected a header line with one column per wavelength."
                : "the file is empty; expected a header line with a target column and one column per wavelength.", path);
        string[] header = Split(headerLine, settings.Separator, path, 1).Select(h => h.Trim()).ToArray();

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Length; c++)
        {
            if (header[c].Length > 0 && !seen.TryAdd(header[c], c))
                throw new SpectralDataException($"the header appears twice (columns {seen[header[c]] + 1} and {c + 1}); every column name, wavelengths included, must appear once.", path, 1, header[c]);
        }
        int target = settings.TargetColumn is null ? -1 : Array.IndexOf(header, settings.TargetColumn);
        if (settings.TargetColumn is not null && target < 0)
            throw new SpectralDataException(
                $"no column named '{settings.TargetColumn}'. Columns found ({header.Length}): {Preview(header)}.{SeparatorHint(header, settings)}", path, 1);
        int id = settings.IdColumn is null ? -1 : Array.IndexOf(header, settings.IdColumn);
        if (settings.IdColumn is not null && id < 0)
            throw new SpectralDataException($"no id column named '{settings.IdColumn}'. Columns found ({header.Length}): {Preview(header)}.{SeparatorHint(header, settings)}", path, 1);

        var (spectral, wavelengths) = WavelengthColumns(header, target, id, settings, path);
        if (settings.ForPrediction && settings.IdColumn is null && !spectral.Contains(0))
            id = 0;
        int[] metadataColumns = settings.KeepMetadata
            ? Enumerable.Range(0, header.Length).Where(c => c != target && c != id && !spectral.Contains(c) && header[c].Length > 0).ToArray()
            : [];

        var rows = new List<float[]>();
        var targets = new List<float>();
        var ids = new List<string>();
        var metadata = metadataColumns.ToDictionary(c => header[c], _ => new List<string>());
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] fields = Split(line, settings.Separator, path, lineNumber);
            if (fields.Length != header.Length)
                throw new SpectralDataException($"{fields.Length} fields, but the header has {header.Length}.", path, lineNumber);
            var row = new float[spectral.Length];
            for (int k = 0; k < spectral.Length; k++)
                row[k] = Number(fields[spectral[k]], settings, path, lineNumber, header[spectral[k]]);
            rows.Add(row);
            if (target >= 0) targets.Add(Number(fields[target], settings, path, lineNumber, header[target]));
            ids.Add(id >= 0 ? fields[id].Trim() : (rows.Count).ToString(CultureInfo.InvariantCulture));
            foreach (int c in metadataColumns) metadata[header[c]].Add(fields[c].Trim());
        }
        if (rows.Count == 0)
            throw new SpectralDataException("the file has a header but no data rows.", path);

        var spectra = new float[rows.Count, spectral.Length];
        for (int r = 0; r < rows.Count; r++)
            Buffer.BlockCopy(rows[r], 0, spectra, r * spectral.Length * sizeof(float), spectral.Length * sizeof(float));
        return new SpectraTable(spectral.Select(c => header[c]).ToArray(), wavelengths, spectra, target >= 0 ? [.. targets] : null,
            [.. ids], id >= 0 ? header[id] : null, metadata.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }

    /// <summary>
    /// Refuses, from its first 4 KB, a file that is not text: a zip archive (an .xlsx workbook), an .xls workbook, UTF-16
    /// without a byte-order mark, or other binary data (NUL bytes, which text in UTF-8 never has). Leaves the stream at its start.
    /// </summary>
    static void RequireText(Stream stream, string path)
    {
        var buffer = new byte[4096];
        var head = buffer.AsSpan(0, stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false));
        stream.Position = 0;
        if (head.StartsWith("PK\u0003\u0004"u8))
            throw new SpectralDataException("this is not a text file but a zip archive, which is what an Excel workbook (.xlsx) is; " +
                "open it in the spreadsheet program and save or export it as CSV.", path);
        if (head.StartsWith(XlsSignature))
            throw new SpectralDataException("this is not a text file but an Excel 97–2003 workbook (.xls); open it in the spreadsheet program and save or export it as CSV.", path);
        bool byteOrderMark = head.StartsWith(Utf8Bom) || head.StartsWith(Utf16LittleEndianBom) || head.StartsWith(Utf16BigEndianBom) || head.StartsWith(Utf32BigEndianBom);
        if (byteOrderMark || !head.Contains((byte)0))
            return;
        throw new SpectralDataException(LooksLikeUtf16(head)
            ? "the file looks like UTF-16 text without a byte-order mark (a NUL byte next to every character), which cannot be read reliably; " +
              "save it again as UTF-8 (in Excel: CSV UTF-8), or as UTF-16 with a byte-order mark."
            : "this is not a text file (it contains NUL bytes); expected a CSV file exported from the instrument's software or a spreadsheet.", path);
    }

    static ReadOnlySpan<byte> XlsSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];
    static ReadOnlySpan<byte> Utf16LittleEndianBom => [0xFF, 0xFE]; // also the start of UTF-32 little-endian's
    static ReadOnlySpan<byte> Utf16BigEndianBom => [0xFE, 0xFF];
    static ReadOnlySpan<byte> Utf32BigEndianBom => [0x00, 0x00, 0xFE, 0xFF];

    /// <summary>Whether nearly every pair of bytes is a NUL and a non-NUL in the same order, as in UTF-16 text of mostly Latin characters.</summary>
    static bool LooksLikeUtf16(ReadOnlySpan<byte> head)
    {
        int pairs = head.Length / 2, littleEndian = 0, bigEndian = 0;
        for (int i = 0; i + 1 < head.Length; i += 2)
        {
            if (head[i] != 0 && head[i + 1] == 0) littleEndian++;
            else if (head[i] == 0 && head[i + 1] != 0) bigEndian++;
        }
        return pairs > 0 && Math.Max(littleEndian, bigEndian) >= 0.9 * pairs;
    }

    static (int[] Columns, double[] Wavelengths) WavelengthColumns(string[] header, int target, int id, CsvSettings settings, string path)
    {
        var columns = new List<int>();
        var values = new List<double>();
        string? prefix = null;
        for (int c = 0; c < header.Length; c++)
        {
            if (c == target || c == id) continue;
            var match = WavelengthHeader().Match(header[c]);
            if (!match.Success) continue;
            string p = match.Groups["prefix"].Value;
            prefix ??= p;
            if (p != prefix) continue;
            string number = match.Groups["number"].Value;
            if (number.Contains(settings.DecimalComma ? '.' : ','))
                throw new SpectralDataException(settings.DecimalComma
                    ? "the header has a decimal point, but a decimal comma is set: every number in the file, headers included, must then use ','."
                    : $"the header has a decimal comma: {settings.Set("DecimalComma", "true")} (with a separator other than ',').", path, 1, header[c]);
            columns.Add(c);
            values.Add(double.Parse(number, NumberStyles.Float, settings.DecimalComma ? CommaDecimal : CultureInfo.InvariantCulture));
        }
        if (columns.Count == 0)
            throw new SpectralDataException(
                $"no wavelength columns: expected headers that are numbers (1100, 1100.5) or a prefix and a number (wl1). Columns found ({header.Length}): {Preview(header)}.", path, 1);
        string[] headers = columns.Select(c => header[c]).ToArray();
        Checked(values, headers, path, SpectralAxis.DirectionOf);
        return ([.. columns], [.. values]);
    }

    /// <summary>
    /// <paramref name="make"/> applied to the header numbers, an axis problem (<see cref="SpectralAxisException"/>) reported
    /// as a <see cref="SpectralDataException"/> naming the header of the value at fault.
    /// </summary>
    static T Checked<T>(IReadOnlyList<double> values, string[] headers, string path, Func<IReadOnlyList<double>, T> make)
    {
        try
        {
            return make(values);
        }
        catch (SpectralAxisException e) when (e.Position is int k)
        {
            string message = e.Problem switch
            {
                SpectralAxisProblem.NotMonotonic when values[k] == values[k - 1] =>
                    $"'{headers[k]}' is the same value as '{headers[k - 1]}' before it; every wavelength must appear once.",
                SpectralAxisProblem.NotMonotonic =>
                    $"the spectral axis must increase or decrease throughout, but it {(values[1] > values[0] ? "increases" : "decreases")} up to '{headers[k - 1]}' and then goes to '{headers[k]}'.",
                _ => e.Message,
            };
            throw new SpectralDataException(message, path, 1, headers[k]);
        }
    }

    /// <summary>
    /// The loader's unit rule, the only place it is decided (the dataset's summary prints the note it returns):
    /// <list type="number">
    /// <item>A unit stated in <see cref="SpectralCsvOptions.AxisUnit"/> is the unit.</item>
    /// <item>Otherwise, headers whose numbers count the columns, 0, 1, 2, … or 1, 2, 3, … (<c>wl1</c>, <c>wl2</c>, … included),
    /// are a column <see cref="SpectralAxisUnit.Index"/>.</item>
    /// <item>Anything else is refused, naming the first spectral header: increasing numbers could be wavelengths in nm or
    /// wavenumbers in cm⁻¹ (some FT-NIR software exports them from low to high), and decreasing ones wavenumbers or
    /// wavelengths, so the caller says which with <see cref="SpectralCsvOptions.AxisUnit"/>.</item>
    /// </list>
    /// </summary>
    /// <returns>The unit, and a note saying how it was decided.</returns>
    internal static (SpectralAxisUnit Unit, string Note) UnitOf(IReadOnlyList<double> values, IReadOnlyList<string> headers, SpectralAxisUnit? stated, string path)
    {
        if (stated is { } unit)
            return (unit, $"unit {SpectralAxis.SymbolOf(unit)} as stated in AxisUnit");
        bool counts = (values[0] == 0 || values[0] == 1) && values.Select((v, k) => v - k).All(d => d == values[0]);
        if (counts)
            return (SpectralAxisUnit.Index, string.Create(CultureInfo.InvariantCulture,
                $"unit index: the headers count the columns from {values[0]}"));
        bool decreasing = values.Count > 1 && values[1] < values[0];
        throw new SpectralDataException(
            $"the spectral headers ('{headers[0]}' … '{headers[^1]}', {(decreasing ? "decreasing" : "increasing")}) do not count the columns from 0 or 1, " +
            "and their numbers alone cannot tell wavelengths from wavenumbers, so say what they measure: " +
            "AxisUnit: SpectralAxisUnit.Nanometres for wavelengths in nm, AxisUnit: SpectralAxisUnit.Wavenumbers for wavenumbers in cm⁻¹ " +
            "(as FT-NIR instruments export them), or AxisUnit: SpectralAxisUnit.Index for column numbers.",
            path, 1, headers[0]);
    }

    static float Number(string field, CsvSettings settings, string path, int line, string column)
    {
        var text = field.AsSpan().Trim();
        if (text.Length == 0)
            throw new SpectralDataException("the cell is empty; every spectrum and target value must be a number.", path, line, column);
        if (!float.TryParse(text, NumberStyles.Float, settings.DecimalComma ? CommaDecimal : CultureInfo.InvariantCulture, out float value))
            throw new SpectralDataException(NotANumber(text, settings), path, line, column);
        if (!float.IsFinite(value))
            throw new SpectralDataException($"'{text}' is not a finite number; remove or repair this sample.", path, line, column);
        return value;
    }

    /// <summary>Why a cell is not a number, with the decimal-comma setting the file needs when that is the reason.</summary>
    static string NotANumber(ReadOnlySpan<char> text, CsvSettings settings)
    {
        if (settings.DecimalComma)
            return $"'{text}' is not a number with ',' as the decimal mark (a decimal comma is set; thousands separators are not accepted).";
        if (settings.Separator != ',' && float.TryParse(text, NumberStyles.Float, CommaDecimal, out _))
            return $"'{text}' is a number with a decimal comma: {settings.Set("DecimalComma", "true")}.";
        return $"'{text}' is not a number (use '.' as the decimal point).";
    }

    /// <summary>When the header is one field holding another common separator, a sentence saying which Separator to set; otherwise empty.</summary>
    static string SeparatorHint(string[] header, CsvSettings settings)
    {
        if (header.Length == 1)
            foreach (var (other, shown) in new[] { (';', ";"), ('\t', "\\t"), (',', ",") })
                if (other != settings.Separator && header[0].Contains(other))
                    return $" The header is a single field containing '{shown}': {settings.Set("Separator", $"'{shown}'")}.";
        return "";
    }

    /// <summary>Splits one CSV line; fields may be quoted with double quotes (a doubled quote inside is one quote).</summary>
    static string[] Split(string line, char separator, string path, int lineNumber)
    {
        if (!line.Contains('"')) return line.Split(separator);
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch != '"') field.Append(ch);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (ch == '"') quoted = true;
            else if (ch == separator) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        if (quoted) throw new SpectralDataException("a quoted field is not closed.", path, lineNumber);
        fields.Add(field.ToString());
        return [.. fields];
    }

    static string Preview(string[] header) =>
        string.Join(", ", header.Take(8).Select(h => $"'{h}'")) + (header.Length > 8 ? ", …" : "");

    [GeneratedRegex(@"^(?<prefix>[A-Za-z_]*)(?<number>\d+([.,]\d+)?)$")]
    private static partial Regex WavelengthHeader();
}
