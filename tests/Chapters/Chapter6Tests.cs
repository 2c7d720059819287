using System.Globalization;
using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>
/// Chapter 6's teaching claims, asserted on the outputs of the executed notebook; and the statements its prose makes
/// about its tables and printed lines that the chapter itself does not check.
/// </summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter6Tests
{
    [Fact]
    public async Task Chapter6_shows_over_fitting_and_tests_only_the_architecture_chosen_on_validation()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);

        Assert.Contains("120321", notebook.CellContaining("ModelSummary.Of(Networks.Mlp(wavelengths, h)").AllText);
        Assert.Contains("\"dash\":\"dash\"", notebook.CellContaining("Charts.TrainingAndValidation(fits.Histories").AllText);
        Assert.Contains("early stopping", Decode(notebook.CellContaining("remedies.Table(").AllText));
        string name = Regex.Match(notebook.Claim("chosen-clear-of-the-runner-up").Evidence, @"chosen: (\S+ (?:relu|sigmoid)) \(")
            .Groups[1].Value;
        Assert.NotEmpty(name);
        string test = Decode(notebook.CellContaining("chosenRuns.Evaluate(scaled.Test").AllText);
        Assert.Contains($"<td>{name}</td>", test);
        Assert.Single(Regex.Matches(test, "<tr><td>"));
    }

    [Fact]
    public async Task Chapter6_makes_its_claims_about_fitting_remedies_the_search_PLS_and_the_test_set()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);

        notebook.ShowsClaims("wide-trains-far-below-validation", "remedies-lower-validation-loss", "decay-and-dropout-memorise-less",
            "chosen-clear-of-the-runner-up", "pls-log-leads-chosen-beats-pls", "bands-straight-in-log-som",
            "test-harder-for-pls-too", "above-chapter-1-run");
        Assert.Contains("PLS on log(SOM)", notebook.Claim("pls-log-leads-chosen-beats-pls").Evidence);
    }

    [Fact]
    public async Task Chapter6_compares_with_the_test_R2_that_chapter1_prints()
    {
        var first = await Notebooks.ExecuteWithoutErrorsAsync(Chapter1);
        var architecture = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);

        double printed = Number(first.Claim("network-good-on-test").Evidence, @"test R² = ([0-9.]+)");
        double used = Number(architecture.Claim("above-chapter-1-run").Evidence, @"chapter 1: ([0-9.]+) \(one seed\)");
        Assert.Equal(printed, used, 3);
    }

    [Fact]
    public async Task Chapter6_puts_PLS_beside_the_networks_on_the_validation_set()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);

        string table = Decode(notebook.CellContaining("new MetricsTable([.. onValidation").AllText);
        Assert.Matches(@"<td>PLS on SOM \(\d+ components\)</td><td>1</td>", table);
        Assert.Matches(@"<td>PLS on log\(SOM\) \(\d+ components\)</td><td>1</td>", table);
        Assert.Contains("<td>256-256 relu</td><td>3</td>", table);
        Assert.Contains("<td>256-256 sigmoid</td><td>3</td>", table);
    }

    [Fact]
    public async Task Chapter6_prose_about_the_curves_and_the_remedies_matches_the_tables()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);

        // "The 4-unit network ends with the lowest validation loss" and the best epochs lie far below the final ones.
        var fits = Rows(notebook.CellContaining("MeanColumn(\"final training loss\"").AllText);
        Assert.Equal("4", fits.MinBy(r => Cell(r[3]))![1]);
        var wide = fits.Single(r => r[1] == "256-256");
        Assert.True(Cell(wide[4]) < 0.7 * Cell(wide[3]), $"256-256: final {wide[3]}, best {wide[4]}");

        // "Early stopping ... saved most of the training time."
        var remedies = Rows(notebook.CellContaining("remedies.Table(").AllText).ToDictionary(r => r[0]);
        Assert.True(Cell(remedies["early stopping"][^1]) < Cell(remedies["256-256"][^1]) / 2);
    }

    [Fact]
    public async Task Chapter6_prose_about_the_search_matches_its_table()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);

        // "Sigmoid ends lower than ReLU on every architecture but 64-64."
        var search = Rows(notebook.CellContaining("var searchRuns =").AllText);
        Assert.Equal(7, search.Count);
        var reluLower = search.Where(r => r[3] != "(no hidden layer)" && Mean(r[2]) < Mean(r[3])).Select(r => r[1]);
        Assert.Equal(["64-64"], reluLower);
        // The original six layers "with ReLU ... rank last".
        Assert.Equal("256-128-64-32-16-4", search.MaxBy(r => Mean(r[2]))![1]);
        // "One small network was still improving at the 500-epoch cap; it is far from the lead."
        string chosen = Decode(notebook.CellContaining("var ranked =").AllText);
        string atCap = Regex.Match(chosen, @"500-epoch cap: ([^\n<]*)").Groups[1].Value;
        Assert.Single(atCap.Split("; ", StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^(4|16|64) sigmoid, seed \d", atCap);
        // "Five folds ... cost about four times the search's training time."
        string folds = Decode(notebook.CellContaining("CrossValidationFolds.Create(").AllText);
        Assert.Contains("5-fold, random (seed 42): 240 samples in folds of 48, 48, 48, 48, 48", folds);
        double searchSeconds = Number(folds, @"the search trained for (\d+) s");
        double projected = Number(folds, @"would take about (\d+) s");
        Assert.InRange(projected, 4 * searchSeconds - 3, 4 * searchSeconds + 3);
    }

    [Fact]
    public async Task Chapter6_prose_about_the_test_set_and_the_linear_fit_matches_the_printed_lines()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);

        // "On the test set the chosen network does much worse than on validation."
        string test = Decode(notebook.CellContaining("chosenRuns.Evaluate(scaled.Test").AllText);
        double validation = Number(test, @"validation → test: ([0-9.]+) → ");
        double onTest = Number(test, @"validation → test: [0-9.]+ → ([0-9.]+)");
        Assert.True(onTest > 1.2 * validation, $"validation {validation}, test {onTest}");
        // "Without it, the chosen network's test RMSE falls below even its validation RMSE, and that of PLS on SOM is back
        // level with its validation figure"; the richest soil is richer than any validation soil.
        string without = Decode(notebook.CellContaining("int richest =").AllText);
        Assert.True(Number(without, @"test ([0-9.]+) %") > Number(without, @"validation ([0-9.]+) %"));
        Assert.True(Number(without, @"(?:relu|sigmoid) ([0-9.]+), PLS") < validation);
        double plsValidation = Number(notebook.Claim("test-harder-for-pls-too").Evidence, @"PLS on SOM ([0-9.]+) → ");
        Assert.InRange(Number(without, @"PLS on SOM ([0-9.]+)"), plsValidation - 0.03, plsValidation + 0.03);

        // Going further: least squares fits the training set far better than Adam, and validates worse than the mean.
        string linear = Decode(notebook.CellContaining("linalg.lstsq(").AllText);
        Assert.True(4 * Number(linear, @"training MSE: least squares ([0-9.]+)") < Number(linear, @"training MSE: .*Adam ([0-9.]+)–"));
        Assert.True(Number(linear, @"validation MSE: least squares ([0-9.]+)")
            > Number(linear, @"validation MSE: .*predicting the training mean ([0-9.]+)"));
    }

    /// <summary>The rows of the (first) HTML table in a cell's output, each as its cells' text.</summary>
    static List<string[]> Rows(string html) =>
        Regex.Matches(Decode(html), @"<tr>(?:<td>.*?</td>)+</tr>").Select(row =>
            Regex.Matches(row.Value, @"<td>(.*?)</td>").Select(c => Regex.Replace(c.Groups[1].Value, "<[^>]+>", "").Trim()).ToArray())
        .ToList();

    static double Cell(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>The mean of a "mean ± sd" cell.</summary>
    static double Mean(string text) => Cell(text.Split(" ± ")[0]);
}
