using System.Globalization;
using static TorchSharp.torch;

namespace NirNet.Training;

/// <summary>
/// Early stopping for <see cref="Trainer.Fit"/> (chapter 1): keeps a copy of the weights of the best validation epoch so
/// far, says when the validation loss has not improved for the patience, and puts the best weights back at the end.
/// Without a patience it does nothing.
/// </summary>
/// <param name="model">The network being trained.</param>
/// <param name="patience">Epochs without a better validation loss before stopping; off when null.</param>
internal sealed class BestWeights(nn.Module model, int? patience) : IDisposable
{
    Dictionary<string, Tensor>? kept;
    double best = double.PositiveInfinity;
    int bestEpoch, sinceBest;

    /// <summary>After <paramref name="epoch"/> is recorded: keeps the weights when they are the best so far; true (and the
    /// history's stop reason set) when the patience has run out.</summary>
    public bool StopsAfter(TrainingHistory history, int epoch)
    {
        if (patience is not int limit) return false;
        double loss = history.ValidationLoss[^1];
        if (loss < best)
        {
            (best, bestEpoch, sinceBest) = (loss, epoch, 0);
            Keep();
            return false;
        }
        if (++sinceBest < limit) return false;
        history.StopReason = string.Create(CultureInfo.InvariantCulture,
            $"stopped early at epoch {epoch}: no better validation loss for {limit} epochs; the weights of epoch {bestEpoch} were kept");
        return true;
    }

    /// <summary>At the end of training: the best epoch's weights back into the network, unless the run diverged.</summary>
    public void Restore(TrainingHistory history)
    {
        if (kept is null || history.DivergedAtEpoch is not null) return;
        model.load_state_dict(kept);
        history.RestoredEpoch = bestEpoch;
    }

    void Keep()
    {
        Dispose();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope(); // frees the detached views; the copies are taken out of it
        kept = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
    }

    public void Dispose()
    {
        if (kept is not null) foreach (var t in kept.Values) t.Dispose();
        kept = null;
    }
}
