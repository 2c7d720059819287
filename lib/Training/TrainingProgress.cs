using System.Globalization;

namespace NirNet.Training;

/// <summary>
/// How training shows its progress (chapter 1). Outside a notebook, and wherever no live display can be opened, a
/// training call (<see cref="Trainer.Fit"/>, the engine's <c>Stacked.Compare</c>, <see cref="Trainer.Repeat"/>) prints
/// <see cref="TrainingOptions.ProgressLines"/> plain progress lines. In the notebook kernel, <see cref="Setup.Initialize"/>
/// connects the companion assembly NirNet.Interactive, and each training call shows one live view instead: a progress line
/// and the validation-loss chart, updated in place a few times a second, replaced at the end by the same progress lines
/// (without times, so that a saved notebook does not change from run to run).
/// </summary>
internal static class TrainingProgress
{
    /// <summary>Opens the display of one live view, or returns null where there is none; null outside a notebook kernel.</summary>
    public static Func<ILiveDisplay?>? LiveDisplay { get; set; }

    /// <summary>Shortest time between two updates of a live view: at most about three updates a second.</summary>
    public static TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(0.3);

    /// <summary>Whether plain progress lines end in the time taken and the time to go; false in a notebook kernel.</summary>
    public static bool LinesShowTime { get; set; } = true;

    /// <summary>The progress of one training call of <paramref name="runs"/> runs: silent, plain lines, or a live view.</summary>
    public static ITrainingProgress Open(TrainingOptions options, int runs) =>
        options.ProgressLines > 0 && LiveDisplay?.Invoke() is { } display
            ? new LiveProgress(options, runs, display, TimeProvider.System, LiveInterval)
            : new ProgressLines(options, null, LinesShowTime);
}

/// <summary>
/// What the training loop reports while it runs (the library's progress sink). One instance follows one training call:
/// <see cref="Trainer.Repeat"/> trains its runs one after the other, each a group of its own.
/// </summary>
internal interface ITrainingProgress : IDisposable
{
    /// <summary>A group of runs trained together starts (one run for Fit and each seed of Repeat, all runs for Compare).</summary>
    void RunsStarted(IReadOnlyList<TrainingHistory> runs);

    /// <summary>An epoch of the current group ended and was recorded; called at every epoch, so it must be cheap.</summary>
    /// <param name="epoch">The epoch, from 1.</param>
    /// <param name="active">Per run of the group, whether it is still training.</param>
    /// <param name="elapsedSeconds">Seconds since the group started.</param>
    void EpochEnded(int epoch, bool[] active, double elapsedSeconds);

    /// <summary>Every run of the group stopped before the last epoch (early stopping or divergence), at <paramref name="epoch"/>.</summary>
    void RunsStopped(int epoch, double elapsedSeconds);
}

/// <summary>
/// The plain progress lines: <see cref="TrainingOptions.ProgressLines"/> evenly spaced epochs of each group, and the last
/// epoch; a group stopped early gets a line at the epoch it stopped. Written to the console unless told otherwise.
/// </summary>
/// <param name="options">The training settings (epochs, lines, early stopping).</param>
/// <param name="writer">Where to write; null writes to <see cref="Console.Out"/> as it is at each line.</param>
/// <param name="showTime">Whether each line ends in the seconds taken and, before the last epoch, the seconds to go.</param>
internal sealed class ProgressLines(TrainingOptions options, TextWriter? writer, bool showTime) : ITrainingProgress
{
    readonly int every = options.ProgressLines == 0 ? 0 : Math.Max(1, options.Epochs / options.ProgressLines);
    IReadOnlyList<TrainingHistory> runs = [];

    public void RunsStarted(IReadOnlyList<TrainingHistory> runs) => this.runs = runs;

    public void EpochEnded(int epoch, bool[] active, double elapsedSeconds)
    {
        if (every > 0 && (epoch % every == 0 || epoch == options.Epochs))
            Write(runs.Where((_, m) => active[m]).ToList(), epoch, elapsedSeconds);
    }

    public void RunsStopped(int epoch, double elapsedSeconds)
    {
        if (every > 0 && options.EarlyStoppingPatience is not null)
            Write(runs, epoch, elapsedSeconds);
    }

    void Write(IReadOnlyList<TrainingHistory> live, int epoch, double elapsed)
    {
        int epochs = options.Epochs;
        string losses = live.Count == 1
            ? $"training loss {live[0].TrainingLoss[^1]:G4}, validation loss {live[0].ValidationLoss[^1]:G4}"
            : $"{live.Count} runs, validation loss from {live.Min(h => h.ValidationLoss[^1]):G4} to {live.Max(h => h.ValidationLoss[^1]):G4}";
        string time = !showTime ? ""
            : epoch < epochs ? $" ({elapsed:F1} s, about {elapsed / epoch * (epochs - epoch):F0} s to go)"
            : $" ({elapsed:F1} s)";
        (writer ?? Console.Out).WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch,5}/{epochs}: {losses}{time}"));
    }

    public void Dispose() { }
}

/// <summary>
/// One live view of a training call: after an epoch, when at least the interval has passed since the last update was
/// drawn (one comparison of the clock per epoch; the time an update takes does not count towards the interval), it shows a progress line and the validation loss of every run so far; when the
/// call ends, it shows the progress lines <see cref="ProgressLines"/> would print, without times.
/// </summary>
internal sealed class LiveProgress : ITrainingProgress
{
    readonly TrainingOptions options;
    readonly int totalRuns;
    readonly ILiveDisplay display;
    readonly TimeProvider time;
    readonly long start, interval;
    readonly StringWriter finalLines = new();
    readonly ProgressLines lines;
    readonly List<TrainingHistory> all = [];
    IReadOnlyList<TrainingHistory> group = [];
    int runsBefore;
    long due;

    public LiveProgress(TrainingOptions options, int totalRuns, ILiveDisplay display, TimeProvider time, TimeSpan interval)
    {
        this.options = options;
        this.totalRuns = totalRuns;
        this.display = display;
        this.time = time;
        this.interval = (long)(interval.TotalSeconds * time.TimestampFrequency);
        start = due = time.GetTimestamp();
        lines = new ProgressLines(options, finalLines, showTime: false);
    }

    public void RunsStarted(IReadOnlyList<TrainingHistory> runs)
    {
        runsBefore = all.Count;
        all.AddRange(runs);
        group = runs;
        lines.RunsStarted(runs);
    }

    public void EpochEnded(int epoch, bool[] active, double elapsedSeconds)
    {
        lines.EpochEnded(epoch, active, elapsedSeconds);
        long now = time.GetTimestamp();
        if (now < due) return;
        display.Show(new LiveFrame(Line(epoch, (double)(now - start) / time.TimestampFrequency), LiveChart.Html(all, options.Epochs)));
        due = time.GetTimestamp() + interval;
    }

    public void RunsStopped(int epoch, double elapsedSeconds) => lines.RunsStopped(epoch, elapsedSeconds);

    /// <summary>Replaces the live view with its final state: the progress lines, without times.</summary>
    public void Dispose() => display.Show(new LiveFrame(finalLines.ToString().ReplaceLineEndings("\n").TrimEnd('\n'), null));

    /// <summary>For example "epoch 250/1000 · 10 runs · best validation loss so far 0.04062 · 9.5 s, about 28 s to go".</summary>
    string Line(int epoch, double elapsed)
    {
        int epochs = options.Epochs;
        string runs = group.Count == totalRuns ? (totalRuns == 1 ? "" : $" · {totalRuns} runs")
            : group.Count == 1 ? $" · run {runsBefore + 1} of {totalRuns}"
            : $" · runs {runsBefore + 1}–{runsBefore + group.Count} of {totalRuns}";
        double best = all.SelectMany(h => h.ValidationLoss).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
        double done = (double)(runsBefore * epochs + epoch * group.Count) / (totalRuns * epochs);
        string toGo = done < 1 ? $", about {elapsed * (1 - done) / done:F0} s to go" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch}/{epochs}{runs} · best validation loss so far {best:G4} · {elapsed:F1} s{toGo}");
    }
}

/// <summary>
/// Where a live training view is drawn: in a notebook, one output of the running cell that each <see cref="Show"/>
/// replaces in place. NirNet.Interactive implements it on the notebook kernel; <see cref="Setup.Initialize"/> connects it.
/// </summary>
public interface ILiveDisplay
{
    /// <summary>Shows <paramref name="frame"/>: the first call shows the display, later calls replace what it shows.</summary>
    void Show(LiveFrame frame);
}

/// <summary>What a live training view shows at one moment; in a notebook, as HTML: its text, then its chart.</summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class LiveFrame : IHtmlDisplay
{
    readonly string? chartHtml;

    internal LiveFrame(string text, string? chartHtml)
    {
        Text = text;
        this.chartHtml = chartHtml;
    }

    /// <summary>
    /// While training, the progress line (epoch, runs, best validation loss so far, time taken and to go); in the final
    /// frame, the progress lines that training prints without a live view, without times (one line each).
    /// </summary>
    public string Text { get; }

    /// <summary>Whether this is the final frame, shown once training has ended: its text only, no chart.</summary>
    public bool IsFinal => chartHtml is null;

    /// <summary>The text as preformatted lines, then, while training, the validation loss of every run so far.</summary>
    public string ToHtml() => $"<pre style=\"margin:0\">{Html.Encode(Text)}</pre>{chartHtml}";

    /// <inheritdoc />
    public override string ToString() => Text;
}
