using System.Globalization;
using NirNet.Data;

namespace NirNet.Chemometrics;

/// <summary>What one fold of a PLS cross-validation gave (chapter 8).</summary>
/// <param name="Fold">The fold, from 0.</param>
/// <param name="TestRows">The training-set rows (from 0) the fold held out.</param>
/// <param name="Rmse">The RMSE on those rows of the model fitted on the other folds, for 1, 2, … components (index 0 is 1 component).</param>
public sealed record PlsFoldResult(int Fold, IReadOnlyList<int> TestRows, IReadOnlyList<double> Rmse);
