using System.Globalization;

namespace NirNet.Training;

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
        string toGo = done < 1 ? string.Create(CultureInfo.InvariantCulture, $", about {elapsed * (1 - done) / done:F0} s to go") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch}/{epochs}{runs} · best validation loss so far {best:G4} · {elapsed:F1} s{toGo}");
    }
}
