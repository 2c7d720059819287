using System.Globalization;

namespace NirNet.Data;

/// <summary>Which way the values of a spectral axis run, in the order of the spectra's columns.</summary>
public enum SpectralAxisDirection
{
    /// <summary>Each value is larger than the one before (a single value counts as ascending).</summary>
    Ascending,

    /// <summary>Each value is smaller than the one before, as FT-NIR files list wavenumbers.</summary>
    Descending,
}
