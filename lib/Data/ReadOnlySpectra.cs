namespace NirNet.Data;

/// <summary>
/// A dataset's spectra, samples × wavelengths, read-only: read a value as from the array, <c>data.Spectra[i, j]</c>, and
/// pass it wherever a <c>float[,]</c> is expected (<c>Preprocess.Snv(data.Spectra)</c>), which hands over a copy. Nothing
/// done to such a copy changes the dataset (chapter 1).
/// </summary>
public sealed class ReadOnlySpectra
{
    readonly float[,] values;

    /// <summary>Wraps an array that nothing else holds.</summary>
    internal ReadOnlySpectra(float[,] values) => this.values = values;

    /// <summary>The value of sample <paramref name="sample"/> at spectral column <paramref name="column"/>.</summary>
    public float this[int sample, int column] => values[sample, column];

    /// <summary>The number of samples (<paramref name="dimension"/> 0) or of spectral columns (1), as for an array.</summary>
    public int GetLength(int dimension) => values.GetLength(dimension);

    /// <summary>A copy as a new array, yours to change.</summary>
    public float[,] ToArray() => (float[,])values.Clone();

    /// <summary>A copy as a new array, so that read-only spectra can go wherever a <c>float[,]</c> is expected.</summary>
    public static implicit operator float[,](ReadOnlySpectra spectra) => spectra.ToArray();
}
