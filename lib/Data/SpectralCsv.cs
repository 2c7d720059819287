using System.Globalization;
using System.Text.RegularExpressions;

namespace NirNet.Data;

/// <summary>How to read a spectra CSV file: one row per sample, one column per wavelength, plus a target column.</summary>
/// <param name="TargetColumn">Header of the column to predict, for example <c>Brix</c> or <c>SOM</c>.</param>
/// <param name="TargetUnit">Unit of the target, shown in charts and tables (for example <c>%</c> or <c>°Brix</c>).</param>
/// <param name="IdColumn">Header of a column of sample names, if any.</param>
/// <param name="KeepMetadata">Keep the other non-spectral columns (dates, other properties) as text metadata; otherwise they are ignored.</param>
/// <param name="Separator">The field separator.</param>
public sealed record SpectralCsvOptions(
    string TargetColumn,
    string TargetUnit = "",
    string? IdColumn = null,
    bool KeepMetadata = false,
    char Separator = ',');

/// <summary>
/// Reads spectra CSV files strictly: every problem is a <see cref="SpectralDataException"/> naming the file, line and column.
/// Wavelength columns are recognised by their headers: a number (<c>1100</c>, <c>1100.5</c>, taken as nm) or a prefix and a
/// number (<c>wl1</c>, <c>nm1100</c>). Headers numbered 0…N−1 or 1…N are sample positions, not wavelengths: the axis is then an index.
/// </summary>
internal static partial class SpectralCsv
{
    public static SpectralDataset Read(string path, SpectralCsvOptions options)
    {
        if (!System.IO.File.Exists(path))
            throw new SpectralDataException($"file not found (current folder: {Directory.GetCurrentDirectory()}).", path);
        using var reader = new StreamReader(path);
        string? headerLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine))
            throw new SpectralDataException("the file is empty; expected a header line with a target column and one column per wavelength.", path);
        string[] header = Split(headerLine, options.Separator, path, 1).Select(h => h.Trim()).ToArray();

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Length; c++)
        {
            if (header[c].Length > 0 && !seen.TryAdd(header[c], c))
                throw new SpectralDataException($"the header appears twice (columns {seen[header[c]] + 1} and {c + 1}); every column name, wavelengths included, must appear once.", path, 1, header[c]);
        }
        int target = Array.IndexOf(header, options.TargetColumn);
        if (target < 0)
            throw new SpectralDataException(
                $"no column named '{options.TargetColumn}'. Columns found ({header.Length}): {Preview(header)}.", path, 1);
        int id = options.IdColumn is null ? -1 : Array.IndexOf(header, options.IdColumn);
        if (options.IdColumn is not null && id < 0)
            throw new SpectralDataException($"no id column named '{options.IdColumn}'. Columns found ({header.Length}): {Preview(header)}.", path, 1);

        var (spectral, wavelengths, unit) = WavelengthColumns(header, target, id, path);
        int[] metadataColumns = options.KeepMetadata
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
            string[] fields = Split(line, options.Separator, path, lineNumber);
            if (fields.Length != header.Length)
                throw new SpectralDataException($"{fields.Length} fields, but the header has {header.Length}.", path, lineNumber);
            var row = new float[spectral.Length];
            for (int k = 0; k < spectral.Length; k++)
                row[k] = Number(fields[spectral[k]], path, lineNumber, header[spectral[k]]);
            rows.Add(row);
            targets.Add(Number(fields[target], path, lineNumber, header[target]));
            ids.Add(id >= 0 ? fields[id].Trim() : (rows.Count).ToString(CultureInfo.InvariantCulture));
            foreach (int c in metadataColumns) metadata[header[c]].Add(fields[c].Trim());
        }
        if (rows.Count == 0)
            throw new SpectralDataException("the file has a header but no data rows.", path);

        var spectra = new float[rows.Count, spectral.Length];
        for (int r = 0; r < rows.Count; r++)
            Buffer.BlockCopy(rows[r], 0, spectra, r * spectral.Length * sizeof(float), spectral.Length * sizeof(float));
        return new SpectralDataset(spectra, [.. targets], wavelengths, unit, options.TargetColumn, options.TargetUnit, [.. ids],
            metadata.ToDictionary(p => p.Key, p => p.Value.ToArray()), Path.GetFileName(path));
    }

    static (int[] Columns, double[] Wavelengths, string Unit) WavelengthColumns(string[] header, int target, int id, string path)
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
            columns.Add(c);
            values.Add(double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture));
        }
        if (columns.Count == 0)
            throw new SpectralDataException(
                $"no wavelength columns: expected headers that are numbers (1100, 1100.5) or a prefix and a number (wl1). Columns found ({header.Length}): {Preview(header)}.", path, 1);
        for (int k = 1; k < values.Count; k++)
        {
            if (values[k] <= values[k - 1])
                throw new SpectralDataException(
                    $"wavelengths must increase from left to right, but '{header[columns[k]]}' follows '{header[columns[k - 1]]}'.", path, 1, header[columns[k]]);
        }
        bool isIndex = values.Select((v, k) => v - k).Distinct().Count() == 1 && (values[0] == 0 || values[0] == 1);
        return ([.. columns], [.. values], isIndex ? "index" : "nm");
    }

    static float Number(string field, string path, int line, string column)
    {
        var text = field.AsSpan().Trim();
        if (text.Length == 0)
            throw new SpectralDataException("the cell is empty; every spectrum and target value must be a number.", path, line, column);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            throw new SpectralDataException($"'{text}' is not a number (use '.' as the decimal point).", path, line, column);
        if (!float.IsFinite(value))
            throw new SpectralDataException($"'{text}' is not a finite number; remove or repair this sample.", path, line, column);
        return value;
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

    [GeneratedRegex(@"^(?<prefix>[A-Za-z_]*)(?<number>\d+(\.\d+)?)$")]
    private static partial Regex WavelengthHeader();
}
