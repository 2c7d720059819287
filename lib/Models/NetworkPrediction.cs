using NirNet.Data;
using static TorchSharp.torch;

namespace NirNet.Models;

/// <summary>
/// A network's predictions for scaled spectra, turned back into the target's units: what <see cref="TrainedModel"/> and
/// <c>RegressionMetrics.Predict</c> (chapter 1) both run. The network predicts in evaluation mode (no dropout) and is left
/// in the mode it was in.
/// </summary>
internal static class NetworkPrediction
{
    /// <summary>Predictions of <paramref name="model"/> for scaled spectra (samples × wavelengths), in the target's units.</summary>
    public static float[] Predict(nn.Module<Tensor, Tensor> model, float[,] scaledSpectra, StandardScaler targetScaler)
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
}
