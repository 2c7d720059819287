using System.Globalization;

namespace NirNet.Data;

/// <summary>
/// The spectral axis of a dataset, a model or a chart: one value per spectral column, in the order of the columns, with
/// its unit and its direction (chapter 1). It is checked once, when it is made: at least one value, every value finite,
/// strictly increasing or strictly decreasing, and consistent with the unit (wavelengths and wavenumbers positive, an
/// index whole numbers from 0). A problem is a <see cref="SpectralAxisException"/> naming the position of the value.
/// The axis never changes: <see cref="Values"/> is read-only, and two axes are equal when their units and values are.
/// </summary>
public readonly struct SpectralAxis : IEquatable<SpectralAxis>
{
    readonly double[]? values;

    /// <summary>Makes an axis from a copy of <paramref name="values"/>, checking them against <paramref name="unit"/>.</summary>
    /// <param name="values">One value per spectral column, strictly increasing or strictly decreasing.</param>
    /// <param name="unit">What the values measure.</param>
    public SpectralAxis(IEnumerable<double> values, SpectralAxisUnit unit)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!Enum.IsDefined(unit))
            throw new InvalidSettingException(nameof(unit), $"is {(int)unit}, not one of {string.Join(", ", Enum.GetNames<SpectralAxisUnit>())}.");
        double[] copy = values.ToArray();
        Direction = Check(copy, unit);
        this.values = copy;
        Unit = unit;
    }

    /// <summary>The values, in the order of the spectra's columns.</summary>
    public IReadOnlyList<double> Values => Array.AsReadOnly(values ?? []);

    /// <summary>What the values measure.</summary>
    public SpectralAxisUnit Unit { get; }

    /// <summary>Which way the values run.</summary>
    public SpectralAxisDirection Direction { get; }

    /// <summary>Number of values (spectral columns).</summary>
    public int Count => values?.Length ?? 0;

    /// <summary>The value of column <paramref name="index"/> (from 0).</summary>
    public double this[int index] => (values ?? [])[index];

    /// <summary>A copy of the values as an array.</summary>
    public double[] ToArray() => (double[])(values ?? []).Clone();

    /// <summary>The unit's symbol, as files and messages write it: <c>nm</c>, <c>cm⁻¹</c> or <c>index</c>.</summary>
    public string Symbol => SymbolOf(Unit);

    /// <summary>The axis title for charts and tables: <c>wavelength (nm)</c>, <c>wavenumber (cm⁻¹)</c> or <c>column index</c>.</summary>
    public string Title => Unit switch
    {
        SpectralAxisUnit.Nanometres => "wavelength (nm)",
        SpectralAxisUnit.Wavenumbers => "wavenumber (cm⁻¹)",
        SpectralAxisUnit.Index => "column index",
        _ => throw Undefined(Unit),
    };

    /// <summary>What the columns are, in the plural: <c>wavelengths</c>, <c>wavenumbers</c> or <c>columns</c>.</summary>
    public string Quantity => Unit switch
    {
        SpectralAxisUnit.Nanometres => "wavelengths",
        SpectralAxisUnit.Wavenumbers => "wavenumbers",
        SpectralAxisUnit.Index => "columns",
        _ => throw Undefined(Unit),
    };

    /// <summary>
    /// Whether a chart draws the axis from high to low: wavenumbers are, as spectroscopists draw them; wavelengths and an
    /// index run from low to high, whatever the order of the columns.
    /// </summary>
    public bool DrawnHighToLow => Unit == SpectralAxisUnit.Wavenumbers;

    /// <summary>The symbol of <paramref name="unit"/>: <c>nm</c>, <c>cm⁻¹</c> or <c>index</c>.</summary>
    public static string SymbolOf(SpectralAxisUnit unit) => unit switch
    {
        SpectralAxisUnit.Nanometres => "nm",
        SpectralAxisUnit.Wavenumbers => "cm⁻¹",
        SpectralAxisUnit.Index => "index",
        _ => throw Undefined(unit),
    };

    /// <summary>The unit whose <see cref="SymbolOf"/> is <paramref name="symbol"/>; false for any other text.</summary>
    public static bool TryParseSymbol(string symbol, out SpectralAxisUnit unit)
    {
        foreach (var candidate in Enum.GetValues<SpectralAxisUnit>())
            if (SymbolOf(candidate) == symbol)
            {
                unit = candidate;
                return true;
            }
        unit = default;
        return false;
    }

    /// <summary>Every unit's symbol, for messages: <c>nm, cm⁻¹, index</c>.</summary>
    public static string Symbols => string.Join(", ", Enum.GetValues<SpectralAxisUnit>().Select(SymbolOf));

    /// <summary>The axis's range, for example <c>400–2500 nm</c>, in the order of the columns.</summary>
    public string Range => Count == 0 ? $"no values ({Symbol})"
        : string.Create(CultureInfo.InvariantCulture, $"{values![0]:0.###}–{values[^1]:0.###} {Symbol}");

    /// <summary>For example <c>211 wavelengths, 400–2500 nm</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count} {Quantity}, {Range}");

    /// <summary>Whether the units and the values are the same.</summary>
    public bool Equals(SpectralAxis other) =>
        Unit == other.Unit && (values ?? []).AsSpan().SequenceEqual(other.values ?? []);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SpectralAxis other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Unit);
        foreach (double v in values ?? []) hash.Add(v);
        return hash.ToHashCode();
    }

    /// <summary>Whether two axes have the same unit and values.</summary>
    public static bool operator ==(SpectralAxis left, SpectralAxis right) => left.Equals(right);

    /// <summary>Whether two axes differ in unit or values.</summary>
    public static bool operator !=(SpectralAxis left, SpectralAxis right) => !left.Equals(right);

    /// <summary>The one check of an axis: its order (<see cref="DirectionOf"/>), then each value against the unit.</summary>
    static SpectralAxisDirection Check(double[] values, SpectralAxisUnit unit)
    {
        var direction = DirectionOf(values);
        for (int k = 0; k < values.Length; k++)
        {
            double v = values[k];
            string? problem = unit switch
            {
                SpectralAxisUnit.Nanometres or SpectralAxisUnit.Wavenumbers => v > 0 ? null : $"{SymbolOf(unit)} must be positive",
                SpectralAxisUnit.Index => v >= 0 && v == Math.Floor(v) ? null : "an index must be a whole number, 0 or more",
                _ => throw Undefined(unit),
            };
            if (problem is not null)
                throw new SpectralAxisException(SpectralAxisProblem.WrongForUnit, k,
                    string.Create(CultureInfo.InvariantCulture, $"value {k + 1} of the spectral axis is {v}, but {problem}."));
        }
        return direction;
    }

    /// <summary>
    /// The direction of axis values whatever their unit: a <see cref="SpectralAxisException"/> when there are none, one is
    /// not finite, or they do not strictly increase or strictly decrease (the CSV loader checks headers with it before it
    /// knows the unit).
    /// </summary>
    internal static SpectralAxisDirection DirectionOf(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new SpectralAxisException(SpectralAxisProblem.Empty, null, "the spectral axis has no values; it needs one per spectral column.");
        for (int k = 0; k < values.Count; k++)
            if (!double.IsFinite(values[k]))
                throw new SpectralAxisException(SpectralAxisProblem.NotFinite, k,
                    string.Create(CultureInfo.InvariantCulture, $"value {k + 1} of the spectral axis is {values[k]}; every value must be a finite number."));
        var direction = values.Count > 1 && values[1] < values[0] ? SpectralAxisDirection.Descending : SpectralAxisDirection.Ascending;
        for (int k = 1; k < values.Count; k++)
        {
            bool follows = direction == SpectralAxisDirection.Ascending ? values[k] > values[k - 1] : values[k] < values[k - 1];
            if (!follows)
                throw new SpectralAxisException(SpectralAxisProblem.NotMonotonic, k, string.Create(CultureInfo.InvariantCulture,
                    $"the spectral axis must increase or decrease throughout, with no value twice, but {values[k]} (value {k + 1}) follows {values[k - 1]}."));
        }
        return direction;
    }

    static InvalidSettingException Undefined(SpectralAxisUnit unit) =>
        new(nameof(unit), $"is {(int)unit}, not one of {string.Join(", ", Enum.GetNames<SpectralAxisUnit>())}.");
}
