using System.Globalization;
using NirNet.Data;

namespace NirNet.Chemometrics;

/// <summary>
/// The result of <see cref="PlsRegression.CrossValidate"/> (chapter 8): the pooled RMSECV, its standard error and the training
/// RMSE for each number of components, the per-fold results, the numbers of components that the lowest RMSECV and the
/// one-standard-error rule choose, which rule chose the model, and that model fitted on the whole training set. Shows as an
/// HTML table in a notebook.
/// </summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class PlsCrossValidation : IHtmlDisplay
{
    readonly double[][] predictions;

    internal PlsCrossValidation(CrossValidationFolds folds, ComponentRule rule, IReadOnlyList<PlsCrossValidationRow> rows,
        IReadOnlyList<PlsFoldResult> foldResults, double[][] predictions, Func<int, PlsRegression> model, string targetUnit)
    {
        Unit = targetUnit.Length > 0 ? " " + targetUnit : "";
        Folds = folds;
        Rule = rule;
        Rows = rows;
        FoldResults = foldResults;
        this.predictions = predictions;
        var lowest = rows.MinBy(r => r.Rmsecv)!;
        LowestRmsecvComponents = lowest.Components;
        OneStandardErrorComponents = rows.First(r => r.Rmsecv <= lowest.Rmsecv + lowest.StandardError).Components;
        Model = model(rule == ComponentRule.OneStandardError ? OneStandardErrorComponents : LowestRmsecvComponents);
    }

    /// <summary>The folds the training set was dealt into.</summary>
    public CrossValidationFolds Folds { get; }

    /// <summary>The rule that chose <see cref="Best"/>.</summary>
    public ComponentRule Rule { get; }

    /// <summary>One row per number of components tried, from 1 up.</summary>
    public IReadOnlyList<PlsCrossValidationRow> Rows { get; }

    /// <summary>One result per fold, in fold order.</summary>
    public IReadOnlyList<PlsFoldResult> FoldResults { get; }

    /// <summary>The number of components with the lowest RMSECV (the smallest such number on a tie).</summary>
    public int LowestRmsecvComponents { get; }

    /// <summary>The fewest components whose RMSECV is at most the lowest RMSECV plus its standard error.</summary>
    public int OneStandardErrorComponents { get; }

    /// <summary>The number of components <see cref="Rule"/> chose.</summary>
    public int Best => Model.Components;

    /// <summary>The model with <see cref="Best"/> components, fitted on the whole training set.</summary>
    public PlsRegression Model { get; }

    /// <summary>
    /// Which rule chose what, in one sentence: the lowest RMSECV, the one-standard-error rule's choice with its threshold,
    /// and the rule that chose the model.
    /// </summary>
    public string Choice
    {
        get
        {
            var lowest = Rows[LowestRmsecvComponents - 1];
            var oneSe = Rows[OneStandardErrorComponents - 1];
            string unit = Unit;
            return string.Create(CultureInfo.InvariantCulture,
                $"lowest RMSECV: {lowest.Components} components ({lowest.Rmsecv:0.####}{unit}); one-standard-error rule: {oneSe.Components} components " +
                $"(RMSECV {oneSe.Rmsecv:0.####} ≤ {lowest.Rmsecv:0.####} + {lowest.StandardError:0.####}{unit}); " +
                $"chosen by the {RuleName(Rule)}: {Best} components");
        }
    }

    /// <summary>
    /// The cross-validated predictions with <paramref name="components"/> components, in the target's units and the training
    /// set's order: each sample predicted by the model of the fold that held it out.
    /// </summary>
    /// <param name="components">From 1 to the number of <see cref="Rows"/>.</param>
    public double[] CrossValidatedPredictions(int components)
    {
        if (components < 1 || components > Rows.Count)
            throw new InvalidSettingException(nameof(components), $"must be from 1 to {Rows.Count}, the numbers of components cross-validated, got {components}.");
        return (double[])predictions[components - 1].Clone();
    }

    /// <summary>The target's unit with a leading space, or nothing for a target without a unit.</summary>
    string Unit { get; }

    static string RuleName(ComponentRule rule) => rule == ComponentRule.OneStandardError ? "one-standard-error rule" : "lowest RMSECV";

    string Caption => $"PLS, {Folds.Description} cross-validation: the {RuleName(Rule)} chooses {Best} components";

    string[] Header => ["components", $"training RMSE, {Model.TargetLabel}", $"RMSECV, {Model.TargetLabel}", "standard error", "rule"];

    IEnumerable<string[]> Cells => Rows.Select(r => new[]
    {
        r.Components.ToString(CultureInfo.InvariantCulture),
        r.TrainingRmse.ToString("G4", CultureInfo.InvariantCulture),
        r.Rmsecv.ToString("G4", CultureInfo.InvariantCulture),
        r.StandardError.ToString("G3", CultureInfo.InvariantCulture),
        Marks(r.Components),
    });

    string Marks(int components)
    {
        var marks = new List<string>();
        if (components == LowestRmsecvComponents) marks.Add("lowest RMSECV");
        if (components == OneStandardErrorComponents) marks.Add("one standard error");
        string text = string.Join(", ", marks);
        return components == Best ? "← " + text : text;
    }

    /// <summary>The table as aligned text, below a line naming the rule and the chosen number of components.</summary>
    public override string ToString() => Caption + "\n" + Html.Text(Header, Cells);

    string IHtmlDisplay.ToHtml() => Html.Table(Header, Cells, Caption);
}
