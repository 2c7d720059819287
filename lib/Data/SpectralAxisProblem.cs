using System.Globalization;

namespace NirNet.Data;

/// <summary>What is wrong with the values of a <see cref="SpectralAxis"/>.</summary>
public enum SpectralAxisProblem
{
    /// <summary>No values at all.</summary>
    Empty,

    /// <summary>A value is NaN or infinite.</summary>
    NotFinite,

    /// <summary>A value the unit does not allow: a wavelength or wavenumber of 0 or less, an index that is negative or not whole.</summary>
    WrongForUnit,

    /// <summary>A value repeats the one before it, or turns back against the axis's direction.</summary>
    NotMonotonic,
}
