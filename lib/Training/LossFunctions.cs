using static TorchSharp.torch;

namespace NirNet.Training;

/// <summary>
/// The loss functions <see cref="TrainingOptions.Loss"/> names, each with the label charts put on their loss axis
/// (chapter 1; MAE and Huber are the robust alternatives to MSE).
/// </summary>
internal static class LossFunctions
{
    /// <param name="Label">The name on chart axes.</param>
    /// <param name="OfTheMean">The loss of always predicting the mean of a standardised, normally distributed target: E[z²] = 1 for
    /// MSE, E|z| = √(2/π) ≈ 0.80 for MAE, about 0.42 for Huber with δ = 1.</param>
    /// <param name="Function">TorchSharp's function of the loss, with the reduction to apply.</param>
    sealed record LossFunction(string Label, double OfTheMean, Func<Tensor, Tensor, nn.Reduction, Tensor> Function);

    static readonly NameTable<LossFunction> Table = new(nameof(TrainingOptions.Loss), "loss",
        ("mse", new("MSE", 1.0, (prediction, target, reduction) => nn.functional.mse_loss(prediction, target, reduction))),
        ("mae", new("MAE", Math.Sqrt(2 / Math.PI), (prediction, target, reduction) => nn.functional.l1_loss(prediction, target, reduction))),
        ("huber", new("Huber", 0.42, (prediction, target, reduction) => nn.functional.huber_loss(prediction, target, 1.0, reduction))));

    /// <summary>Checks a loss name; an unknown one is an error listing the valid ones.</summary>
    public static void Validate(string loss) => Table.Validate(loss);

    /// <summary>The loss as charts and tables name it: MSE, MAE or Huber.</summary>
    public static string Label(string loss) => Table[loss].Label;

    /// <summary>The loss of always predicting the mean of a standardised target, for the loss named or labelled <paramref name="loss"/>.</summary>
    public static double OfTheMean(string loss) => Table[loss].OfTheMean;

    /// <summary>The loss of <paramref name="prediction"/> against <paramref name="target"/>, averaged over all values
    /// (what <c>nn.MSELoss()</c> computes for mse).</summary>
    public static Tensor Mean(string loss, Tensor prediction, Tensor target) =>
        Table[loss].Function(prediction, target, nn.Reduction.Mean);

    /// <summary>The loss reduced to one value per member (the first dimension) over all other dimensions.</summary>
    public static Tensor PerMember(string loss, Tensor prediction, Tensor target) =>
        Table[loss].Function(prediction, target, nn.Reduction.None).flatten(1).mean([1]);
}
