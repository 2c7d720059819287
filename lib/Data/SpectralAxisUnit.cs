using System.Globalization;

namespace NirNet.Data;

/// <summary>What the values of a spectral axis measure (chapter 1).</summary>
public enum SpectralAxisUnit
{
    /// <summary>Wavelengths in nanometres (<c>nm</c>).</summary>
    Nanometres,

    /// <summary>Wavenumbers in reciprocal centimetres (<c>cm⁻¹</c>), as FT-NIR instruments export them, usually from high to low.</summary>
    Wavenumbers,

    /// <summary>Column positions, not a physical quantity (<c>index</c>): whole numbers, 0 or more.</summary>
    Index,
}
