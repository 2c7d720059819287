using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 6's teaching claims, asserted on the outputs of the executed notebook.</summary>
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
        Assert.Contains("least squares", Decode(notebook.CellContaining("linalg.lstsq(").AllText));
        string chosen = Decode(notebook.CellContaining("var chosen =").AllText);
        string group = Regex.Match(chosen, @"chosen: (\S+) \(").Groups[1].Value;
        Assert.NotEmpty(group);
        string test = Decode(notebook.CellContaining("search.Subset(chosen.Group)").AllText);
        Assert.Contains($"<td>{group}</td>", test);
        Assert.Single(Regex.Matches(test, "<tr><td>"));
        Assert.Contains("early stopping", Decode(notebook.CellContaining("remedies.Table(").AllText));
    }

    [Fact]
    public async Task Chapter6_makes_its_claims_about_fitting_remedies_PLS_and_the_test_set()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);

        notebook.ShowsClaims("least-squares-fits-training-far-better", "least-squares-worse-than-the-mean", "linear-gap-is-the-target-spread",
            "wide-trains-far-below-validation", "wide-median-lowest-near-the-end", "remedies-lower-validation-loss",
            "decay-and-dropout-memorise-less", "pls-trails-pls-log-leads", "bands-straight-in-log-som",
            "chosen-worse-on-test", "pls-worse-on-test-too", "above-chapter-1-run");
        Assert.Contains("least squares", notebook.Claim("least-squares-fits-training-far-better").Evidence);
        Assert.Contains("PLS on log(SOM)", notebook.Claim("pls-trails-pls-log-leads").Evidence);
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

        string table = Decode(notebook.CellContaining("new MetricsTable([.. onValidation.Rows").AllText);
        Assert.Matches(@"<td>PLS on SOM \(\d+ components\)</td><td>1</td>", table);
        Assert.Matches(@"<td>PLS on log\(SOM\) \(\d+ components\)</td><td>1</td>", table);
        Assert.Contains("<td>256-256</td><td>3</td>", table);
    }
}
