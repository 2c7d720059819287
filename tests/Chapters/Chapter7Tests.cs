using System.Globalization;
using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 7's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter7Tests
{
    [Fact]
    public async Task Chapter7_uses_chapter6s_choice_as_its_baseline_and_reports_test_metrics_over_five_seeds()
    {
        var architecture = await Notebooks.ExecuteWithoutErrorsAsync(Chapter6);
        var cnn = await Notebooks.ExecuteWithoutErrorsAsync(Chapter7);

        // chapter 6 prints "chosen: <hidden layers> <activation> (…)"; a search over ReLU alone printed no activation
        var chosen = Regex.Match(Decode(architecture.CellContaining("var (chosen, runnerUp) =").AllText), @"chosen: (\S+)(?: (relu|sigmoid))? \(");
        Assert.True(chosen.Success, "chapter 6 prints no choice");
        string activation = chosen.Groups[2].Success ? chosen.Groups[2].Value : "relu";
        string baseline = $"MLP {chosen.Groups[1].Value} {activation}";
        string test = Decode(cnn.CellContaining("contest.Evaluate(scaled.Test").AllText);
        Assert.Contains($"<td>{baseline}</td><td>5</td>", test);
        Assert.Contains("<td>CNN 8-16</td><td>5</td>", test);
        Assert.Contains("RPD", test);
        string filters = cnn.CellContaining("Charts.FirstLayerFilters(").AllText;
        Assert.Contains("filter 8", filters);
        Assert.Contains("offset from the centre wavelength (nm)", Decode(filters));
    }

    [Fact]
    public async Task Chapter7_checks_the_layer_the_network_and_the_filters_with_claims()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter7);

        notebook.ShowsClaims("peaks-at-bands", "cnn-third-of-mlp", "validation-within-spread", "test-gap-within-spread",
            "shift-hurts-both", "filters-moved-little");
        Assert.Contains("0.0E+000", notebook.Claim("layer-shift-equivariant").Evidence);
        Assert.Contains("conv1: 8 filters × 9 taps + 8 biases = 80", notebook.CellContaining("cnnSummary.TotalParameters").AllText);

        // "five seeds show both": a CNN run below every MLP run, and one no better than the MLP's mean
        var runs = Regex.Matches(notebook.CellContaining("contest.Evaluate(scaled.Test").AllText, @"(MLP|CNN)[^\n]*?test RMSE ([\d.]+)")
            .GroupBy(m => m.Groups[1].Value, m => Parse(m.Groups[2].Value)).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(5, runs["MLP"].Count);
        Assert.Equal(5, runs["CNN"].Count);
        Assert.True(runs["CNN"].Min() < runs["MLP"].Min() && runs["CNN"].Max() >= runs["MLP"].Average(),
            $"CNN {string.Join(", ", runs["CNN"])}; MLP {string.Join(", ", runs["MLP"])}");
    }

    [Fact]
    public async Task Chapter7_going_further_measures_the_shift_and_the_frozen_filters_as_the_prose_says()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter7);

        // "At 10 nm both lose about as much; at 20 nm the fully connected network loses far more"
        var rise = Regex.Match(notebook.Claim("shift-hurts-both").Evidence, @"CNN ([\d.]+) / ([\d.]+), MLP ([\d.]+) / ([\d.]+)");
        Assert.True(rise.Success, notebook.Claim("shift-hurts-both").Evidence);
        double cnn10 = Parse(rise.Groups[1].Value), cnn20 = Parse(rise.Groups[2].Value), mlp10 = Parse(rise.Groups[3].Value), mlp20 = Parse(rise.Groups[4].Value);
        Assert.True(Math.Abs(mlp10 - cnn10) < 0.25 * Math.Max(mlp10, cnn10) && mlp20 > 1.5 * cnn20, rise.Value);

        // frozen filters stay at their start; the mean is higher frozen, most seeds are worse frozen, but not all
        string frozen = Decode(notebook.CellContaining("FrozenCnn(int seed)").AllText);
        Assert.Contains("first-layer filters still at their random start: 5 of 5 networks", frozen);
        var differences = Regex.Matches(frozen, @"frozen − trained ([+−][\d.]+)")
            .Select(m => Parse(m.Groups[1].Value.Replace('−', '-'))).ToList();
        Assert.Equal(5, differences.Count);
        Assert.True(differences.Count(d => d > 0) > 2 && differences.Any(d => d < 0), string.Join(", ", differences));
        var means = Regex.Match(frozen, @"mean test RMSE: frozen ([\d.]+), trained ([\d.]+)");
        Assert.True(means.Success && Parse(means.Groups[1].Value) > Parse(means.Groups[2].Value), means.Value);
    }

    static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
