namespace NirNet.Data;

/// <summary>
/// Standard scaling: subtracts each column's mean and divides by its standard deviation, both learnt from the
/// training data only, so that no information from validation or test samples leaks into training (chapter 1).
/// A column that does not vary is only centred.
/// </summary>
public sealed class StandardScaler
{
    StandardScaler(double[] mean, double[] scale)
    {
        Mean = mean;
        Scale = scale;
    }

    /// <summary>The mean of each column.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>The standard deviation of each column (population form, as in scikit-learn); 1 where it is 0.</summary>
    public IReadOnlyList<double> Scale { get; }

    /// <summary>Learns the mean and standard deviation of each column of <paramref name="X"/> (samples × features).</summary>
    public static StandardScaler Fit(float[,] X)
    {
        int n = X.GetLength(0), p = X.GetLength(1);
        if (n == 0) throw new InvalidSettingException(nameof(X), "cannot fit a scaler on zero samples.");
        var mean = new double[p];
        var scale = new double[p];
        for (int j = 0; j < p; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += X[i, j];
            mean[j] = sum / n;
            double squares = 0;
            for (int i = 0; i < n; i++) squares += (X[i, j] - mean[j]) * (X[i, j] - mean[j]);
            double sd = Math.Sqrt(squares / n);
            scale[j] = sd > 0 ? sd : 1;
        }
        return new StandardScaler(mean, scale);
    }

    /// <summary>A scaler with known means and standard deviations, as a saved model stores them (chapter 8).</summary>
    internal static StandardScaler FromMoments(IReadOnlyList<double> mean, IReadOnlyList<double> scale) => new([.. mean], [.. scale]);

    /// <summary>Learns the mean and standard deviation of a target vector.</summary>
    public static StandardScaler Fit(float[] y) => Fit(Column(y));

    /// <summary>(x − mean) / sd, column by column.</summary>
    public float[,] Transform(float[,] X) => Map(X, (x, j) => (x - Mean[j]) / Scale[j]);

    /// <summary>(y − mean) / sd.</summary>
    public float[] Transform(float[] y) => Flatten(Transform(Column(y)));

    /// <summary>x · sd + mean: back to the original units.</summary>
    public float[,] InverseTransform(float[,] X) => Map(X, (x, j) => x * Scale[j] + Mean[j]);

    /// <summary>y · sd + mean: predictions back in the target's units.</summary>
    public float[] InverseTransform(float[] y) => Flatten(InverseTransform(Column(y)));

    float[,] Map(float[,] X, Func<double, int, double> f)
    {
        int n = X.GetLength(0), p = X.GetLength(1);
        if (p != Mean.Count)
            throw new InvalidSettingException(nameof(X), $"has {p} columns, but the scaler was fitted on {Mean.Count}.");
        var result = new float[n, p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
                result[i, j] = (float)f(X[i, j], j);
        return result;
    }

    static float[,] Column(float[] y)
    {
        var column = new float[y.Length, 1];
        for (int i = 0; i < y.Length; i++) column[i, 0] = y[i];
        return column;
    }

    static float[] Flatten(float[,] column) => Enumerable.Range(0, column.GetLength(0)).Select(i => column[i, 0]).ToArray();
}
