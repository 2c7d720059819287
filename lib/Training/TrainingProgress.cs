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
