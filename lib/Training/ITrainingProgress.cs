using System.Globalization;

namespace NirNet.Training;

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
