using System.Globalization;

namespace NirNet.Chemometrics;

/// <summary>The error of the PLS model with one number of components, in the target's units (chapter 1).</summary>
/// <param name="Components">Number of PLS components.</param>
/// <param name="TrainingRmse">RMSE on the training set.</param>
/// <param name="ValidationRmse">RMSE on the validation set.</param>
public sealed record PlsComponentRow(int Components, double TrainingRmse, double ValidationRmse);
