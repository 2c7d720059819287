using static TorchSharp.torch;

namespace NirNet.Training;

/// <summary>
/// The loss functions <see cref="TrainingOptions.Loss"/> names, each with the label charts put on their loss axis
/// (chapter 1; MAE and Huber are the robust alternatives to MSE).
/// </summary>
internal static class LossFunctions
{
    sealed record LossFunction(string Label, Func<Tensor, Tensor, Tensor> Elementwise);

    static readonly NameTable<LossFunction> Table = new(nameof(TrainingOptions.Loss), "loss",
        ("mse", new("MSE", (prediction, target) => nn.functional.mse_loss(prediction, target, nn.Reduction.None))),
        ("mae", new("MAE", (prediction, target) => nn.functional.l1_loss(prediction, target, nn.Reduction.None))),
        ("huber", new("Huber", (prediction, target) => nn.functional.huber_loss(prediction, target, 1.0, nn.Reduction.None))));

    /// <summary>Checks a loss name; an unknown one is an error listing the valid ones.</summary>
    public static void Validate(string loss) => Table.Validate(loss);

    /// <summary>The loss as charts and tables name it: MSE, MAE or Huber.</summary>
    public static string Label(string loss) => Table[loss].Label;

    /// <summary>The loss reduced to one value per member (the first dimension) over all other dimensions.</summary>
    public static Tensor PerMember(string loss, Tensor prediction, Tensor target) =>
        Table[loss].Elementwise(prediction, target).flatten(1).mean([1]);
}
