namespace NirNet.Data;

/// <summary>Classic spectral preprocessing, applied row by row (one spectrum at a time) (chapter 1).</summary>
public static class Preprocess
{
    /// <summary>
    /// Standard normal variate: centres each spectrum on its own mean and divides by its own standard deviation,
    /// removing most of the multiplicative scatter and baseline offset between samples.
    /// </summary>
    public static float[,] Snv(float[,] spectra)
    {
        int n = spectra.GetLength(0), p = spectra.GetLength(1);
        var result = new float[n, p];
        for (int i = 0; i < n; i++)
        {
            double mean = 0;
            for (int j = 0; j < p; j++) mean += spectra[i, j];
            mean /= p;
            double squares = 0;
            for (int j = 0; j < p; j++) squares += (spectra[i, j] - mean) * (spectra[i, j] - mean);
            double sd = Math.Sqrt(squares / (p - 1));
            if (!(sd > 0))
                throw new SpectralDataException($"spectrum {i + 1} is constant; SNV needs spectra that vary.");
            for (int j = 0; j < p; j++) result[i, j] = (float)((spectra[i, j] - mean) / sd);
        }
        return result;
    }

    /// <summary>
    /// Multiplicative scatter correction (chapter 1; used in chapters 6 and 8): fits each spectrum as a straight-line
    /// function of a reference spectrum, xᵢ ≈ aᵢ + bᵢ · ref, by least squares, and returns (xᵢ − aᵢ) / bᵢ, so that offsets
    /// and multiplicative scatter relative to the reference are removed. The reference is the mean spectrum of
    /// <paramref name="spectra"/> by default. For a split, correct every set with the training set's mean spectrum
    /// (<c>Msc(set.Spectra, MeanSpectrum(train.Spectra))</c>), so that no information from validation or test samples leaks in.
    /// </summary>
    /// <param name="spectra">Samples × wavelengths.</param>
    /// <param name="reference">One value per wavelength; the mean spectrum of <paramref name="spectra"/> when null.</param>
    public static float[,] Msc(float[,] spectra, IReadOnlyList<double>? reference = null)
    {
        int n = spectra.GetLength(0), p = spectra.GetLength(1);
        reference ??= MeanSpectrum(spectra);
        if (reference.Count != p)
            throw new InvalidSettingException(nameof(reference), $"has {reference.Count} values, but the spectra have {p} wavelengths.");
        double referenceMean = reference.Average();
        double referenceSquares = reference.Sum(r => (r - referenceMean) * (r - referenceMean));
        if (!(referenceSquares > 0))
            throw new SpectralDataException("the reference spectrum of MSC is constant (or not finite); MSC needs a reference that varies.");
        var result = new float[n, p];
        for (int i = 0; i < n; i++)
        {
            double mean = 0;
            for (int j = 0; j < p; j++) mean += spectra[i, j];
            mean /= p;
            double products = 0;
            for (int j = 0; j < p; j++) products += (spectra[i, j] - mean) * (reference[j] - referenceMean);
            double slope = products / referenceSquares, offset = mean - slope * referenceMean;
            if (!(slope > 0) || !double.IsFinite(slope))
                throw new SpectralDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"spectrum {i + 1} has slope {slope:G4} on the MSC reference; MSC needs a positive, finite slope (a spectrum shaped like the reference)."));
            for (int j = 0; j < p; j++) result[i, j] = (float)((spectra[i, j] - offset) / slope);
        }
        return result;
    }

    /// <summary>The mean of each wavelength over the spectra: the reference for <see cref="Msc"/> (chapter 1).</summary>
    /// <param name="spectra">Samples × wavelengths, at least one sample.</param>
    public static double[] MeanSpectrum(float[,] spectra)
    {
        int n = spectra.GetLength(0), p = spectra.GetLength(1);
        if (n == 0) throw new InvalidSettingException(nameof(spectra), "has no spectra to average.");
        var mean = new double[p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) mean[j] += spectra[i, j];
        for (int j = 0; j < p; j++) mean[j] /= n;
        return mean;
    }

    /// <summary>
    /// Savitzky–Golay filter: fits a polynomial of <paramref name="polynomialOrder"/> to each window of
    /// <paramref name="windowLength"/> points and takes its value (smoothing) or its derivative there.
    /// Near the ends the polynomial fitted to the first or last full window is used. Derivatives are per column step.
    /// </summary>
    /// <param name="spectra">Samples × wavelengths.</param>
    /// <param name="windowLength">Odd number of points in each window, larger than <paramref name="polynomialOrder"/>.</param>
    /// <param name="polynomialOrder">Order of the fitted polynomial (2 or 3 is usual).</param>
    /// <param name="derivative">0 to smooth, 1 for the first derivative, 2 for the second.</param>
    public static float[,] SavitzkyGolay(float[,] spectra, int windowLength, int polynomialOrder, int derivative = 0)
    {
        int n = spectra.GetLength(0), p = spectra.GetLength(1);
        CheckSavitzkyGolay(p, windowLength, polynomialOrder, derivative);

        int half = windowLength / 2;
        // weights[t + half][k]: weight of window point k for the value (or derivative) at offset t from the window centre.
        var weights = Enumerable.Range(-half, windowLength).Select(t => WindowWeights(windowLength, polynomialOrder, derivative, t)).ToArray();
        var result = new float[n, p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
            {
                int start = Math.Clamp(j - half, 0, p - windowLength);
                double[] w = weights[j - start];
                double sum = 0;
                for (int k = 0; k < windowLength; k++) sum += w[k] * spectra[i, start + k];
                result[i, j] = (float)sum;
            }
        return result;
    }

    /// <summary>Checks the settings of <see cref="SavitzkyGolay"/> for spectra of <paramref name="wavelengths"/> values.</summary>
    internal static void CheckSavitzkyGolay(int wavelengths, int windowLength, int polynomialOrder, int derivative)
    {
        if (windowLength < 3 || windowLength % 2 == 0)
            throw new InvalidSettingException(nameof(windowLength), $"must be an odd number of at least 3, got {windowLength}.");
        if (windowLength > wavelengths)
            throw new InvalidSettingException(nameof(windowLength), $"is {windowLength}, more than the {wavelengths} wavelengths of a spectrum.");
        if (polynomialOrder < 0 || polynomialOrder >= windowLength)
            throw new InvalidSettingException(nameof(polynomialOrder), $"must be from 0 to windowLength − 1 ({windowLength - 1}), got {polynomialOrder}.");
        if (derivative < 0 || derivative > polynomialOrder)
            throw new InvalidSettingException(nameof(derivative), $"must be from 0 to polynomialOrder ({polynomialOrder}), got {derivative}.");
    }

    /// <summary>Least-squares weights: the polynomial fitted to the window, differentiated, evaluated at offset <paramref name="t"/> from the centre.</summary>
    static double[] WindowWeights(int windowLength, int order, int derivative, int t)
    {
        int half = windowLength / 2, m = order + 1;
        // Normal equations: (AᵀA) c = Aᵀ y with A[k, e] = (k − half)^e. The weights are row vᵀ (AᵀA)⁻¹ Aᵀ,
        // where v[e] is the derivative of x^e at t.
        var ata = new double[m, m];
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
                for (int k = 0; k < windowLength; k++)
                    ata[a, b] += Math.Pow(k - half, a + b);
        var v = new double[m];
        for (int e = derivative; e < m; e++)
            v[e] = Falling(e, derivative) * Math.Pow(t, e - derivative);
        double[] u = Solve(ata, v); // (AᵀA)⁻¹ v, as AᵀA is symmetric
        var w = new double[windowLength];
        for (int k = 0; k < windowLength; k++)
            for (int e = 0; e < m; e++)
                w[k] += u[e] * Math.Pow(k - half, e);
        return w;
    }

    static double Falling(int e, int d)
    {
        double product = 1;
        for (int i = 0; i < d; i++) product *= e - i;
        return product;
    }

    /// <summary>Gaussian elimination with partial pivoting for the small symmetric systems above.</summary>
    static double[] Solve(double[,] matrix, double[] rhs)
    {
        int m = rhs.Length;
        var a = (double[,])matrix.Clone();
        var b = (double[])rhs.Clone();
        for (int col = 0; col < m; col++)
        {
            int pivot = Enumerable.Range(col, m - col).MaxBy(r => Math.Abs(a[r, col]));
            for (int c = 0; c < m; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (int r = col + 1; r < m; r++)
            {
                double f = a[r, col] / a[col, col];
                for (int c = col; c < m; c++) a[r, c] -= f * a[col, c];
                b[r] -= f * b[col];
            }
        }
        var x = new double[m];
        for (int r = m - 1; r >= 0; r--)
        {
            double sum = b[r];
            for (int c = r + 1; c < m; c++) sum -= a[r, c] * x[c];
            x[r] = sum / a[r, r];
        }
        return x;
    }
}
