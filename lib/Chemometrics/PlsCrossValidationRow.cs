using System.Globalization;
using NirNet.Data;

namespace NirNet.Chemometrics;

/// <summary>The cross-validated error of the PLS model with one number of components, in the target's units (chapter 8).</summary>
/// <param name="Components">Number of PLS components.</param>
/// <param name="TrainingRmse">RMSE on the training set of the model fitted on all of it (the calibration error, RMSEC).</param>
/// <param name="Rmsecv">
/// The pooled RMSECV: the root of the mean squared error of every training sample, each predicted by the model of the fold
/// that held it out.
/// </param>
/// <param name="StandardError">
/// The standard error of the RMSECV estimated from the folds: the sample standard deviation of the k per-fold RMSEs over √k.
/// </param>
public sealed record PlsCrossValidationRow(int Components, double TrainingRmse, double Rmsecv, double StandardError);
