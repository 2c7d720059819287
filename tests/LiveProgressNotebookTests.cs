using System.Globalization;
using System.Text.RegularExpressions;
using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>
/// The live training view in the real kernel (dotnet-repl): a training cell shows one display, updated in place at most a
/// few times a second and ending as the progress lines without times; with the runner's default (live view off) the same
/// cell prints those lines instead. The kernel's log records every display and update with its time.
/// </summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed partial class LiveProgressNotebookTests
{
    const string TrainingCell = """
        var scaled = Datasets.SimulatedSoil().Split(seed: 42).Standardize();
        var runs = new[] { new MlpRun([32, 16], "relu", 1), new MlpRun([32, 16], "sigmoid", 1), new MlpRun([32, 16], "relu", 2) };
        var fits = Stacked.Compare(runs, scaled.Train, scaled.Validation, new TrainingOptions(Epochs: 300, ProgressLines: 3));
        """;

    [Fact]
    public async Task A_training_cell_shows_one_display_updated_in_place_and_ending_as_the_progress_lines()
    {
        var (executed, log) = await Execute(live: true);

        var cell = executed.CellContaining("Stacked.Compare(");
        Assert.DoesNotContain(cell.Outputs, o => o.OutputType == "stream");
        var frames = FramesIn(log);
        Assert.Equal("Produced", frames[0].Kind);
        Assert.True(frames.Skip(1).All(f => f.Kind == "Updated"), "one display, then only updates of it");
        Assert.True(frames.Count >= 3, $"the display was updated {frames.Count - 1} times");
        var live = frames.SkipLast(1).ToList();
        Assert.All(live, f => Assert.Matches(@"^epoch \d+/300 · 3 runs · best", f.Text));  // the log keeps about 50 characters
        var gaps = live.Zip(live.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).ToList();
        Assert.True(gaps.All(gap => gap >= 0.25), $"updates at most a few per second; gaps: {string.Join(", ", gaps)}");
        // dotnet-repl writes each update into the executed notebook as an output of its own; the last one is the final state.
        Assert.Equal(frames.Count, cell.Outputs.Count);
        string final = cell.Outputs[^1].Data["text/html"];
        Assert.Matches(FinalLines(), final);
        Assert.DoesNotContain("Plotly", final);
        Assert.Contains("Plotly.newPlot", cell.Outputs[0].Data["text/html"]);
    }

    [Fact]
    public async Task With_the_runners_default_the_same_cell_prints_the_progress_lines_without_times()
    {
        var (executed, log) = await Execute(live: false);

        var output = Assert.Single(executed.CellContaining("Stacked.Compare(").Outputs);
        Assert.Equal("stream", output.OutputType);
        Assert.Matches(FinalLines(), output.Text);
        Assert.Empty(FramesIn(log));
    }

    /// <summary>Runs a notebook of the chapters' set-up cell (library path made absolute) and <see cref="TrainingCell"/>.</summary>
    static async Task<(ExecutedNotebook Notebook, string Log)> Execute(bool live)
    {
        string setup = File.ReadAllText(Notebooks.Source("00-setup.dib")).Split("#!csharp")
            .First(cell => cell.Contains("Setup.Initialize(", StringComparison.Ordinal))
            .Replace("\"../lib/", $"\"{Path.Combine(Notebooks.Repository.Root, "lib")}/", StringComparison.Ordinal);
        string folderName = live ? "live-progress-test" : "plain-progress-test";
        string notebook = Notebooks.WriteTestNotebook(folderName, "training.dib", $"#!csharp\n{setup.Trim()}\n\n#!csharp\n\n{TrainingCell}\n");
        string folder = Path.GetDirectoryName(notebook)!;
        var executed = await new NotebookExecutor(Notebooks.Repository) { LiveProgress = live }.ExecuteAsync(notebook, folder);
        Assert.True(executed.Succeeded, executed.Report());
        string logFolder = Path.ChangeExtension(executed.ExecutedPath, ".log");
        string log = string.Concat(Directory.GetFiles(logFolder, "*.log").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        Directory.Delete(folder, recursive: true);
        return (executed, log);
    }

    /// <summary>The kernel's log entries of the live view's frames: when, shown first or updated, and the first line of its text.</summary>
    static List<(DateTime At, string Kind, string Text)> FramesIn(string log) =>
        FrameEntry().Matches(log)
            .Select(m => (DateTime.Parse(m.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), m.Groups["kind"].Value, m.Groups["text"].Value))
            .ToList();

    [GeneratedRegex(@"^\uFEFF?(?<at>\d{4}-\d\d-\d\dT[\d:.]+Z) .*? DisplayedValue(?<kind>Produced|Updated) '(?<text>epoch [^\n]*?)(?: \.\.\.)?' \(FormattedValues:", RegexOptions.Multiline)]
    private static partial Regex FrameEntry();

    /// <summary>The three progress lines of <see cref="TrainingCell"/>, without times, and nothing after them.</summary>
    [GeneratedRegex(@"epoch   100/300: 3 runs, validation loss from [\d.]+ to [\d.]+\nepoch   200/300: 3 runs, validation loss from [\d.]+ to [\d.]+\nepoch   300/300: 3 runs, validation loss from [\d.]+ to [\d.]+(</pre>|\n)?$")]
    private static partial Regex FinalLines();
}
