namespace NirNet.Chemometrics;

/// <summary>How <see cref="PlsRegression.CrossValidate"/> chooses the number of PLS components from the cross-validated errors (chapter 8).</summary>
public enum ComponentRule
{
    /// <summary>The number of components with the lowest RMSECV (the smallest such number on a tie).</summary>
    LowestRmsecv,

    /// <summary>
    /// The one-standard-error rule (Hastie, Tibshirani and Friedman, The Elements of Statistical Learning, 2nd ed., 2009,
    /// section 7.10): the fewest components whose RMSECV is at most the lowest RMSECV plus its standard error. Along a flat
    /// curve it prefers the simpler model, whose advantage the folds cannot tell from chance.
    /// </summary>
    OneStandardError,
}
