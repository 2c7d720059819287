namespace NirNet;

/// <summary>The few summary statistics the library reports over seeds, and a correlation for the chapters (chapters 6 and 8).</summary>
public static class Statistics
{
    /// <summary>The middle value (the mean of the two middle values for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// A series smoothed by a centred running median: each value replaced by the median of the finite values among the
    /// <paramref name="window"/> around it (at either end, of those there are). A steady rise or fall keeps its values, but
    /// for half a window at either end; a spike shorter than half the window vanishes (chapter 2's charts, chapter 3).
    /// </summary>
    /// <param name="values">The series, for example a run's validation loss per epoch.</param>
    /// <param name="window">How many values each median is taken over (odd: the value and half a window either side).</param>
    public static double[] RunningMedian(IReadOnlyList<double> values, int window) =>
        values.Select((value, i) =>
        {
            int from = Math.Max(0, i - window / 2), to = Math.Min(values.Count - 1, i + window / 2);
            var around = Enumerable.Range(from, to - from + 1).Select(j => values[j]).Where(double.IsFinite).ToList();
            return around.Count > 0 ? Median(around) : value;
        }).ToArray();

    /// <summary>Mean and sample standard deviation (0 for a single value).</summary>
    public static (double Mean, double StandardDeviation) MeanAndDeviation(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        double sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return (mean, sd);
    }

    /// <summary>
    /// Pearson's correlation coefficient of two equally long series: +1 when one is an increasing straight-line function
    /// of the other, −1 for a decreasing one, near 0 when they are unrelated.
    /// </summary>
    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count || x.Count < 2)
            throw new InvalidSettingException(nameof(y), $"needs two series of equal length, at least 2; got {x.Count} and {y.Count} values.");
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
