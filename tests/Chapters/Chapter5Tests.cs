using System.Globalization;
using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Chapter 5's teaching claims, asserted on the outputs of the executed notebook.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class Chapter5Tests
{
    [Fact]
    public async Task Chapter5_makes_its_claims_about_rates_range_test_and_schedules()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter5);

        notebook.ShowsClaims("w2-diverges-above-1", "only-0.001-gets-most-runs-to-0.1", "too-large-stays-at-mean",
            "large-rates-kill-the-4-unit-layer", "range-test-suggests-near-0.001", "schedules-calm-the-end",
            "schedules-same-best");
        Assert.Matches(@"training diverged at epoch \d+: the loss became NaN", notebook.Claim("sgd-diverges-and-is-caught").Evidence);
        Assert.Matches(@"seed \d: \d+ epochs?, training loss NaN", notebook.CellContaining("var tooLarge =").AllText);
        Assert.Contains("runs with all 4 units dead: η = 0.001", notebook.Claim("large-rates-kill-the-4-unit-layer").Evidence);
    }

    [Fact]
    public async Task Chapter5_slow_rates_reach_0_1_less_often_but_end_lowest_and_large_rates_kill_more_units()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter5);

        var sweep = ResultRows(Decode(notebook.CellContaining("sweep.Table(threshold)").AllText));
        // too small is slow: at 0.00001 most runs miss 0.1 in 200 epochs; at 0.001 most reach it within ten epochs
        Assert.True(RunsReached(sweep["η = 0.00001"]) * 2 < 5, string.Join(" | ", sweep["η = 0.00001"]));
        var fast = Regex.Match(sweep["η = 0.001"][4], @"^(\d+) \((\d)/5 reached\)");
        Assert.True(fast.Success && int.Parse(fast.Groups[1].Value) <= 10 && int.Parse(fast.Groups[2].Value) * 2 > 5, sweep["η = 0.001"][4]);
        // yet the best run at each slow rate ends below every run at 0.001 (the prose says so)
        foreach (var slow in new[] { "η = 0.00001", "η = 0.0001" })
            Assert.True(RangeLow(sweep[slow]) < RangeLow(sweep["η = 0.001"]), $"{slow}: {sweep[slow][2]}; η = 0.001: {sweep["η = 0.001"][2]}");

        // on average over the runs, the larger the rate, the more dead units in every hidden layer after the first
        string dead = Decode(notebook.CellContaining("DeadUnits.PerLayer(").AllText);
        var perRate = Regex.Matches(dead, @"<td>(η = [\d.]+), seed \d</td><td>([\d ]+)</td>")
            .GroupBy(m => m.Groups[1].Value, m => m.Groups[2].Value.Split(' ').Select(int.Parse).ToArray())
            .ToDictionary(g => g.Key, g => Enumerable.Range(0, 6).Select(layer => g.Average(run => run[layer])).ToArray());
        Assert.Equal(["η = 0.001", "η = 0.01", "η = 0.1"], perRate.Keys);
        for (int layer = 1; layer < 6; layer++)
            Assert.True(perRate["η = 0.001"][layer] < perRate["η = 0.01"][layer] && perRate["η = 0.01"][layer] <= perRate["η = 0.1"][layer],
                $"layer {layer + 1}: {string.Join(", ", perRate.Select(p => $"{p.Key} {p.Value[layer]}"))}");
    }

    [Fact]
    public async Task Chapter5_schedules_leave_seed_3_stuck_and_hold_back_the_drift()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter5);
        string[] schedules = ["constant", "step", "exponential", "cosine", "plateau"];

        var cell = notebook.CellContaining("var stuck =");
        var stuck = Regex.Matches(Decode(cell.AllText), @"(\w+), seed (\d) \(lowest training loss ([\d.]+)\)").ToList();
        Assert.Equal(schedules, stuck.Select(m => m.Groups[1].Value));
        Assert.All(stuck, m => Assert.Equal("3", m.Groups[2].Value));
        Assert.All(stuck, m => Assert.True(Parse(m.Groups[3].Value) >= 0.5, m.Value));

        // per schedule: live runs, jitter, final, best, epoch of the best (means over the live runs)
        string table = Decode(cell.AllText);
        var live = schedules.ToDictionary(s => s, s => DataFrameRow(table, s));
        Assert.All(live.Values, row => Assert.Equal(4, row[0]));
        Assert.All(schedules[1..], s => Assert.True(live[s][2] < live["constant"][2], $"{s} ends at {live[s][2]}, constant {live["constant"][2]}"));
        Assert.Equal("plateau", live.MinBy(p => p.Value[2]).Key);
        Assert.True(live["constant"][2] > 1.5 * live["constant"][3], "with a constant rate the runs end far above their best");
        Assert.All(live.Values, row => Assert.True(row[4] <= 100, $"best epoch {row[4]}: not early"));
    }

    [Fact]
    public async Task Chapter5_shows_the_tables_and_plots_the_range_test_and_the_schedules()
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(Chapter5);

        Assert.Contains("w after 20 steps", notebook.CellContaining("After(eta, 20)").AllText);
        Assert.Contains("diverged, left out", Decode(notebook.CellContaining("tooLarge.Table(").AllText));
        string dead = Decode(notebook.CellContaining("DeadUnits.PerLayer(").AllText);
        Assert.Equal(15, Regex.Matches(dead, @"<td>η = 0\.\d+, seed \d</td>").Count);
        string range = notebook.CellContaining("Charts.RangeTest(").AllText;
        Assert.Contains("suggested rate 0.", range);
        Assert.Contains("\"type\":\"log\"", range);
        string schedules = notebook.CellContaining("Charts.LearningRateAndLoss(").AllText;
        Assert.Contains("\"yaxis2\"", schedules);
        foreach (var schedule in new[] { "constant", "step", "exponential", "cosine", "plateau" })
            Assert.Contains($"{schedule} learning rate", schedules);
    }

    static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>The rows of a results table by setting: the cells after the setting's name.</summary>
    static Dictionary<string, string[]> ResultRows(string html) =>
        Regex.Matches(html, @"<tr><td>([^<]+)</td>((?:<td>[^<]*</td>)+)</tr>")
            .ToDictionary(m => m.Groups[1].Value, m => Regex.Matches(m.Groups[2].Value, "<td>([^<]*)</td>").Select(c => c.Groups[1].Value).ToArray());

    static int RunsReached(string[] row) => int.Parse(Regex.Match(row[4], @"\((\d)/5 reached\)").Groups[1].Value);

    static double RangeLow(string[] row) => Parse(row[2].Split(" – ")[0]);

    /// <summary>The numbers of a data frame's row after the cell <paramref name="name"/>.</summary>
    static double[] DataFrameRow(string html, string name)
    {
        var row = Regex.Match(html, $"<td>{Regex.Escape(name)}</td>(.*?)</tr>");
        Assert.True(row.Success, $"no row {name}");
        return Regex.Matches(row.Groups[1].Value, "<pre>([^<]*)</pre>").Select(m => Parse(m.Groups[1].Value)).ToArray();
    }
}
