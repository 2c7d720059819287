using System.Globalization;

namespace NirNet.Training;

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
        var invariant = CultureInfo.InvariantCulture;
        string losses = live.Count == 1
            ? string.Create(invariant, $"training loss {live[0].TrainingLoss[^1]:G4}, validation loss {live[0].ValidationLoss[^1]:G4}")
            : string.Create(invariant, $"{live.Count} runs, validation loss from {live.Min(h => h.ValidationLoss[^1]):G4} to {live.Max(h => h.ValidationLoss[^1]):G4}");
        string time = !showTime ? ""
            : epoch < epochs ? string.Create(invariant, $" ({elapsed:F1} s, about {elapsed / epoch * (epochs - epoch):F0} s to go)")
            : string.Create(invariant, $" ({elapsed:F1} s)");
        (writer ?? Console.Out).WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch,5}/{epochs}: {losses}{time}"));
    }

    public void Dispose() { }
}
