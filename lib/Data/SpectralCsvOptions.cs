using System.Globalization;
using System.Text.RegularExpressions;

namespace NirNet.Data;

/// <summary>
/// How to read a spectra CSV file: one row per sample, one column per wavelength, plus a target column (chapter 1).
/// Spectral columns are recognised by their headers: a number (<c>1100</c>, <c>1100.5</c>) or a prefix and a number
/// (<c>wl1</c>, <c>nm1100</c>). Their numbers must increase or decrease throughout, and the spectra keep the file's column
/// order: a file of wavenumbers from 10000 down to 4000 cm⁻¹ gives a descending axis; nothing is reordered. The file is
/// text in UTF-8, or in UTF-16 or UTF-32 with a byte-order mark.
/// </summary>
/// <param name="TargetColumn">Header of the column to predict, for example <c>Brix</c> or <c>SOM</c>.</param>
/// <param name="TargetUnit">Unit of the target, shown in charts and tables (for example <c>%</c> or <c>°Brix</c>).</param>
/// <param name="IdColumn">Header of a column of sample names, if any.</param>
/// <param name="KeepMetadata">Keep the other non-spectral columns (dates, other properties) as text metadata; otherwise they are ignored.</param>
/// <param name="Separator">The field separator.</param>
/// <param name="AxisUnit">
/// What the spectral headers measure; null lets the loader decide by its one rule (<see cref="SpectralCsv.UnitOf"/>): headers
/// that count the columns from 0 or 1 are an index, and anything else must be named here, since the numbers alone cannot
/// tell wavelengths in nm from wavenumbers in cm⁻¹.
/// </param>
/// <param name="DecimalComma">
/// Numbers use ',' as the decimal mark (<c>0,4312</c>), as spreadsheets in many European locales write them; every number
/// in the file, headers included, must then use it, without thousands separators. Needs a <paramref name="Separator"/> other than ','.
/// </param>
public sealed record SpectralCsvOptions(
    string TargetColumn,
    string TargetUnit = "",
    string? IdColumn = null,
    bool KeepMetadata = false,
    char Separator = ',',
    SpectralAxisUnit? AxisUnit = null,
    bool DecimalComma = false);
