using System.Globalization;
using System.Text.RegularExpressions;
using NirNet.Models;
using NirNet.Engine;
using NirNet.Training;

namespace NirNet.Tests;

/// <summary>Tests that change how training reports progress (process-wide settings) or read the console run alone.</summary>
[CollectionDefinition(nameof(TrainingProgressState), DisableParallelization = true)]
public sealed class TrainingProgressState;

/// <summary>
/// Training's progress: plain lines wherever no live display is connected (exactly the lines of before), and otherwise
/// one live view per training call, updated at most once per interval by the clock and ending as the lines without times.
/// </summary>
[Collection(nameof(TrainingProgressState))]
public sealed class TrainingProgressTests
{
    [Fact]
    public void Outside_a_notebook_kernel_Setup_leaves_training_to_plain_lines_with_times()
    {
        Setup.Initialize(seed: 42);

        Assert.Null(TrainingProgress.LiveDisplay);
        Assert.True(TrainingProgress.LinesShowTime);
    }

    [Fact]
    public void The_runner_turns_the_live_view_off_with_the_variable_the_library_reads() =>
        Assert.Equal(Setup.LiveProgressVariable, NirNet.NotebookRunner.NotebookExecutor.LiveProgressVariable);

    [Fact]
    public void Without_a_live_display_Fit_prints_the_progress_lines_of_before()
    {
        var (train, validation) = TrainingTests.Tiny();

        var (history, printed) = Printed(() => Trainer.Fit(Networks.Mlp(10, [8], "relu", seed: 1), train, validation,
            new TrainingOptions(Epochs: 8, BatchSize: 16, ProgressLines: 4)));

        Assert.Equal(4, printed.Length);
        for (int i = 0; i < 4; i++)
        {
            int epoch = 2 * (i + 1);
            string losses = Invariant($"training loss {history.TrainingLoss[epoch - 1]:G4}, validation loss {history.ValidationLoss[epoch - 1]:G4}");
            string time = epoch < 8 ? @" \(\d+\.\d s, about \d+ s to go\)" : @" \(\d+\.\d s\)";
            Assert.Matches($"^{Regex.Escape($"epoch {epoch,5}/8: {losses}")}{time}$", printed[i]);
        }
    }

    [Fact]
    public void Without_a_live_display_Compare_prints_the_range_of_the_runs_and_an_early_stop_gets_its_line()
    {
        var (train, validation) = TrainingTests.Tiny();
        var runs = new[] { new MlpRun([8], "relu", 1), new MlpRun([8], "tanh", 2) };

        var (comparison, printed) = Printed(() => Stacked.Compare(runs, train, validation,
            new TrainingOptions(Epochs: 40, BatchSize: 16, LearningRate: 0.5, Optimizer: "sgd", ProgressLines: 1, EarlyStoppingPatience: 1)));

        int stopped = comparison.Histories.Max(h => h.Epochs);
        Assert.True(stopped < 40, "both runs should stop early with a patience of one epoch");
        var last = comparison.Histories.Select(h => h.ValidationLoss[^1]).ToList();
        string expected = Invariant($"epoch {stopped,5}/40: 2 runs, validation loss from {last.Min():G4} to {last.Max():G4}");
        Assert.Matches($"^{Regex.Escape(expected)} \\(\\d+\\.\\d s, about \\d+ s to go\\)$", Assert.Single(printed));
    }

    [Fact]
    public void In_a_notebook_kernel_without_a_live_display_the_lines_leave_out_the_times()
    {
        var (train, validation) = TrainingTests.Tiny();
        TrainingProgress.LinesShowTime = false;
        try
        {
            var (history, printed) = Printed(() => Trainer.Fit(Networks.Mlp(10, [8], "relu", seed: 1), train, validation,
                new TrainingOptions(Epochs: 8, BatchSize: 16, ProgressLines: 2)));

            Assert.Equal(
                [Invariant($"epoch     4/8: training loss {history.TrainingLoss[3]:G4}, validation loss {history.ValidationLoss[3]:G4}"),
                 Invariant($"epoch     8/8: training loss {history.TrainingLoss[7]:G4}, validation loss {history.ValidationLoss[7]:G4}")],
                printed);
        }
        finally
        {
            TrainingProgress.LinesShowTime = true;
        }
    }

    [Fact]
    public void A_live_view_updates_at_most_once_per_interval_of_the_clock_and_ends_as_the_lines_without_times()
    {
        var clock = new FakeClock();
        var display = new RecordingDisplay(clock, drawing: TimeSpan.FromMilliseconds(20));
        var options = new TrainingOptions(Epochs: 1000, ProgressLines: 4);
        var runs = new[] { History("relu, seed 1", "relu"), History("sigmoid, seed 1", "sigmoid") };
        var active = new[] { true, true };

        using (var progress = new LiveProgress(options, 2, display, clock, TimeSpan.FromMilliseconds(300)))
        {
            progress.RunsStarted(runs);
            for (int epoch = 1; epoch <= 1000; epoch++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(5));  // 5 s of training in all
                runs[0].Record(1.0 / epoch, 2.0 / epoch, 0.001, 0);
                runs[1].Record(2.0 / epoch, 3.0 / epoch, 0.001, 0);
                progress.EpochEnded(epoch, active, 0);
            }
        }

        var live = display.Frames.SkipLast(1).ToList();
        Assert.All(live, f => Assert.False(f.Frame.IsFinal));
        Assert.Equal(1, ShownEpoch(live[0].Frame));  // the view appears at the first epoch
        var gaps = live.Zip(live.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(320), $"updates {gap.TotalMilliseconds} ms apart"));
        Assert.InRange(live.Count, 14, 17);  // 5 s / (300 ms between updates + 20 ms drawing)
        Assert.Matches(@"^epoch \d+/1000 · 2 runs · best validation loss so far 0\.00\d+ · \d+\.\d s, about \d+ s to go$", live[^1].Frame.Text);
        Assert.Contains("Plotly.newPlot", live[^1].Frame.ToHtml());

        var final = display.Frames[^1].Frame;
        Assert.True(final.IsFinal);
        Assert.Equal(string.Join("\n", new[] { 250, 500, 750, 1000 }.Select(e =>
            Invariant($"epoch {e,5}/1000: 2 runs, validation loss from {2.0 / e:G4} to {3.0 / e:G4}"))), final.Text);
        Assert.DoesNotContain("Plotly", final.ToHtml());
    }

    [Fact]
    public void Repeat_shows_one_live_view_for_all_its_seeds()
    {
        var (train, validation) = TrainingTests.Tiny();
        var displays = new List<RecordingDisplay>();
        TrainingProgress.LiveDisplay = () => { var display = new RecordingDisplay(TimeProvider.System, TimeSpan.Zero); displays.Add(display); return display; };
        TrainingProgress.LiveInterval = TimeSpan.Zero;
        try
        {
            var (_, printed) = Printed(() => Trainer.Repeat(seed => Networks.Mlp(10, [8], "relu", seed), [1, 2, 3], train, validation,
                new TrainingOptions(Epochs: 5, BatchSize: 16, ProgressLines: 1), "relu"));

            Assert.Empty(printed);
            var frames = Assert.Single(displays).Frames.Select(f => f.Frame).ToList();
            Assert.Equal(16, frames.Count);  // 3 seeds × 5 epochs, then the final frame
            Assert.StartsWith("epoch 5/5 · run 3 of 3 · best validation loss so far", frames[^2].Text);
            Assert.Equal(3, frames[^1].Text.Split('\n').Length);
            Assert.All(frames[^1].Text.Split('\n'), line => Assert.Matches(@"^epoch     5/5: training loss [\d.]+, validation loss [\d.]+$", line));
        }
        finally
        {
            TrainingProgress.LiveDisplay = null;
            TrainingProgress.LiveInterval = TimeSpan.FromSeconds(0.3);
        }
    }

    [Fact]
    public void Training_without_progress_lines_opens_no_live_view()
    {
        var (train, validation) = TrainingTests.Tiny();
        int opened = 0;
        TrainingProgress.LiveDisplay = () => { opened++; return new RecordingDisplay(TimeProvider.System, TimeSpan.Zero); };
        try
        {
            var (_, printed) = Printed(() => Trainer.Fit(Networks.Mlp(10, [8], "relu", seed: 1), train, validation,
                new TrainingOptions(Epochs: 3, BatchSize: 16, ProgressLines: 0)));

            Assert.Equal(0, opened);
            Assert.Empty(printed);
        }
        finally
        {
            TrainingProgress.LiveDisplay = null;
        }
    }

    static TrainingHistory History(string label, string group) => new(label, group, 1, "mse");

    static int ShownEpoch(LiveFrame frame) => int.Parse(Regex.Match(frame.Text, @"^epoch (\d+)/").Groups[1].Value, CultureInfo.InvariantCulture);

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What <paramref name="work"/> returns and the lines it wrote to the console.</summary>
    static (T Result, string[] Lines) Printed<T>(Func<T> work)
    {
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            var result = work();
            return (result, captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    /// <summary>A clock that moves only when told.</summary>
    sealed class FakeClock : TimeProvider
    {
        long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }

    /// <summary>
    /// A display outside the kernel that keeps every frame, with the time of a <see cref="FakeClock"/> (zero with any other
    /// clock), and takes <c>drawing</c> of that clock to draw one.
    /// </summary>
    sealed class RecordingDisplay(TimeProvider clock, TimeSpan drawing) : ILiveDisplay
    {
        public List<(TimeSpan At, LiveFrame Frame)> Frames { get; } = [];

        public void Show(LiveFrame frame)
        {
            var fake = clock as FakeClock;
            Frames.Add((fake is null ? TimeSpan.Zero : TimeSpan.FromTicks(fake.GetTimestamp()), frame));
            fake?.Advance(drawing);
        }
    }
}
