using System.Globalization;

namespace NirNet.Chemometrics;

/// <summary>
/// The result of <see cref="PlsRegression.ChooseComponents"/>: training and validation RMSE for each number of components,
/// the number with the lowest validation RMSE and its model; shows as an HTML table in a notebook (chapter 1).
/// </summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class PlsComponentSearch : IHtmlDisplay
{
    internal PlsComponentSearch(IReadOnlyList<PlsComponentRow> rows, PlsRegression model)
    {
        Rows = rows;
        Model = model;
    }

    /// <summary>One row per number of components tried, from 1 up.</summary>
    public IReadOnlyList<PlsComponentRow> Rows { get; }

    /// <summary>The number of components with the lowest validation RMSE.</summary>
    public int Best => Model.Components;

    /// <summary>The model with <see cref="Best"/> components, fitted on the training set.</summary>
    public PlsRegression Model { get; }

    string Caption => $"PLS: the lowest validation RMSE is at {Best} components";

    string[] Header => ["components", $"training RMSE, {Model.TargetLabel}", $"validation RMSE, {Model.TargetLabel}", "chosen"];

    IEnumerable<string[]> Cells => Rows.Select(r => new[]
    {
        r.Components.ToString(CultureInfo.InvariantCulture),
        r.TrainingRmse.ToString("G4", CultureInfo.InvariantCulture),
        r.ValidationRmse.ToString("G4", CultureInfo.InvariantCulture),
        r.Components == Best ? "←" : "",
    });

    /// <summary>The table as aligned text, below a line naming the chosen number of components.</summary>
    public override string ToString() => Caption + "\n" + Html.Text(Header, Cells);

    string IHtmlDisplay.ToHtml() => Html.Table(Header, Cells, Caption);
}
