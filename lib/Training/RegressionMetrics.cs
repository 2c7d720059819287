using System.Globalization;
using NirNet.Data;
using static TorchSharp.torch;

namespace NirNet.Training;

/// <summary>
/// How far predictions are from measurements, in the target's own units (chapter 1):
/// RMSE and MAE (typical error), R² (share of the variance explained), RPD (standard deviation of the measured values
/// divided by the RMSE, the spectroscopist's figure: above about 2 is usually called good) and bias (mean of predicted − measured).
/// </summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed record RegressionMetrics(double Rmse, double Mae, double R2, double Rpd, double Bias, int Count) : IHtmlDisplay
{
    /// <summary>The metrics of <paramref name="predicted"/> against <paramref name="measured"/>.</summary>
    public static RegressionMetrics Of(IReadOnlyList<float> measured, IReadOnlyList<float> predicted)
    {
        if (measured.Count != predicted.Count)
            throw new InvalidSettingException(nameof(predicted), $"has {predicted.Count} values for {measured.Count} measurements.");
        if (measured.Count < 2)
            throw new InvalidSettingException(nameof(measured), "needs at least 2 samples.");
        int n = measured.Count;
        double mean = measured.Average(v => (double)v);
        double squares = 0, absolute = 0, bias = 0, total = 0;
        for (int i = 0; i < n; i++)
        {
            double e = predicted[i] - (double)measured[i];
            squares += e * e;
            absolute += Math.Abs(e);
            bias += e;
            total += (measured[i] - mean) * (measured[i] - mean);
        }
        double rmse = Math.Sqrt(squares / n);
        double sd = Math.Sqrt(total / (n - 1));
        return new RegressionMetrics(rmse, absolute / n, 1 - squares / total, sd / rmse, bias / n, n);
    }

    /// <summary>
    /// Predictions of <paramref name="model"/> for a scaled dataset, turned back into the target's units. The model
    /// predicts in evaluation mode (no dropout) and is left in the mode it was in.
    /// </summary>
    public static float[] Predict(nn.Module<Tensor, Tensor> model, SpectralDataset scaled, StandardScaler targetScaler) =>
        Predict(model, scaled.Spectra, targetScaler);

    /// <summary>Predictions of <paramref name="model"/> for scaled spectra (samples × wavelengths), in the target's units.</summary>
    internal static float[] Predict(nn.Module<Tensor, Tensor> model, float[,] scaledSpectra, StandardScaler targetScaler)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        bool training = model.training;
        model.eval();
        try
        {
            // A copy in torch's own memory: on the managed array itself, the same spectra gave predictions differing in
            // the last bit from call to call.
            var x = tensor(scaledSpectra).clone();
            return targetScaler.InverseTransform(model.forward(x).reshape(-1).data<float>().ToArray());
        }
        finally
        {
            model.train(training);
        }
    }

    /// <summary>One line with every metric.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"RMSE {Rmse:G3}, MAE {Mae:G3}, R² {R2:F3}, RPD {Rpd:F2}, bias {Bias:G2} (n = {Count})");

    string IHtmlDisplay.ToHtml() =>
        Html.Table(["RMSE", "MAE", "R²", "RPD", "bias", "n"],
            [[Rmse.ToString("G3", CultureInfo.InvariantCulture), Mae.ToString("G3", CultureInfo.InvariantCulture), R2.ToString("F3", CultureInfo.InvariantCulture),
              Rpd.ToString("F2", CultureInfo.InvariantCulture), Bias.ToString("G2", CultureInfo.InvariantCulture), Count.ToString(CultureInfo.InvariantCulture)]]);
}
