using NirNet.Data;
using NirNet.Training;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NirNet.Engine;

/// <summary>
/// K fully connected networks of one shape trained as one computation: layer l of all members is a [K, in, out] weight
/// and a [K, 1, out] bias, applied with one batched matmul; members may differ in seed, activation and visiting order.
/// Each stacked weight and bias is a parameter of its own, so that back-propagation hands the optimiser the gradients
/// the batched matmuls produce, without copying them into one buffer first.
/// Optimisers update every value from its own gradient and state only, and the loss is the sum of the members' losses,
/// so each member follows the path it would follow alone (up to the rounding of the batched matmul).
/// </summary>
internal sealed class StackedMlpStepper : IStepper
{
    readonly Parameter[] parameters; // layer l's weight is parameters[2l], its bias parameters[2l + 1]
    readonly string[] activations; // of each contiguous group of rows, in row order
    readonly long[] groupSizes;
    readonly int[] order; // member i of the caller is row order[i] of the stacks
    readonly string loss;
    readonly Tensor xTrain, yTrain, xValidation, yValidation;
    readonly Tensor? rowOrder, memberOrder; // null when stacks are already in the caller's order
    Tensor[]? kept; // copies of members' weights, laid out as the parameters (early stopping)
    // The bias's factor, made once and held: a number TorchSharp turns into a Scalar on the fly can be finalised by a
    // collection another thread starts while libtorch still reads it (tests/ExplicitScalarTests.cs).
    readonly Scalar one = 1.ToScalar();

    public StackedMlpStepper(IReadOnlyList<(Sequential Model, string Activation)> members, SpectralDataset train, SpectralDataset validation, string loss)
    {
        this.loss = loss;
        // Rows grouped by activation, so that each activation applies to one contiguous slice.
        var sorted = members.Select((m, i) => (m.Model, m.Activation, Index: i)).OrderBy(m => m.Activation, StringComparer.Ordinal).ThenBy(m => m.Index).ToList();
        order = new int[members.Count];
        for (int row = 0; row < sorted.Count; row++) order[sorted[row].Index] = row;
        var groups = sorted.GroupBy(m => m.Activation).ToList();
        activations = groups.Select(g => g.Key).ToArray();
        groupSizes = groups.Select(g => (long)g.Count()).ToArray();

        var linears = sorted.Select(m => m.Model.children().OfType<Linear>().ToList()).ToList();
        CpuOnly.Check(linears.SelectMany(l => l).SelectMany(l => l.parameters()), "runs");
        using (no_grad())
        {
            parameters = Enumerable.Range(0, linears[0].Count).SelectMany(layer => new[]
            {
                new Parameter(stack(linears.Select(l => l[layer].weight!.t()).ToArray()), true),
                new Parameter(stack(linears.Select(l => l[layer].bias!.unsqueeze(0)).ToArray()), true),
            }).ToArray();
        }
        (xTrain, yTrain) = train.ToTensors();
        (xValidation, yValidation) = validation.ToTensors();
        if (order.Select((row, i) => row == i).All(same => same)) return;
        rowOrder = tensor(Enumerable.Range(0, order.Length).Select(row => (long)Array.IndexOf(order, row)).ToArray());
        memberOrder = tensor(order.Select(row => (long)row).ToArray());
    }

    public int Members => order.Length;

    public IEnumerable<Parameter> Parameters => parameters;

    /// <summary>Layer l's stacked weight and bias, taken from <paramref name="tensors"/> (the parameters, their gradients or kept copies).</summary>
    static (Tensor Weight, Tensor Bias)[] Layers(IReadOnlyList<Tensor> tensors) =>
        Enumerable.Range(0, tensors.Count / 2).Select(l => (tensors[2 * l], tensors[2 * l + 1])).ToArray();

    /// <summary>
    /// One batched matmul per layer for all members (a matmul costs about as much to launch as to compute at these
    /// sizes, so fewer and larger ones win); each activation then applies to its group's rows.
    /// </summary>
    Tensor Forward(Tensor x)
    {
        var layers = Layers(parameters);
        var h = x;
        for (int layer = 0; layer < layers.Length; layer++)
        {
            h = h.bmm(layers[layer].Weight).add_(layers[layer].Bias, one);
            if (layer == layers.Length - 1) break;
            h = activations.Length == 1
                ? NirNet.Models.Activations.Apply(activations[0], h)
                : cat(h.split(groupSizes).Select((part, g) => NirNet.Models.Activations.Apply(activations[g], part)).ToArray(), 0);
        }
        return h;
    }

    public Tensor TrainingLoss(Tensor rows)
    {
        long k = rows.shape[0], b = rows.shape[1];
        var stackedRows = (rowOrder is null ? rows : rows.index_select(0, rowOrder)).flatten();
        var x = xTrain.index_select(0, stackedRows).view(k, b, -1);
        var y = yTrain.index_select(0, stackedRows).view(k, b, 1);
        return InMemberOrder(LossFunctions.PerMember(loss, Forward(x), y));
    }

    Tensor InMemberOrder(Tensor perRow) => memberOrder is null ? perRow : perRow.index_select(0, memberOrder);

    public Tensor ValidationLoss()
    {
        using var noGrad = no_grad();
        var x = xValidation.unsqueeze(0).expand(Members, -1, -1);
        var y = yValidation.unsqueeze(0).expand(Members, -1, -1);
        return InMemberOrder(LossFunctions.PerMember(loss, Forward(x), y));
    }

    public double[][] GradientNorms()
    {
        var perLayer = Layers(parameters.Select(p => p.grad!).ToArray()).Select(l => l.Weight.flatten(1).norm(1).data<float>().ToArray()).ToList();
        return order.Select(row => perLayer.Select(layer => (double)layer[row]).ToArray()).ToArray();
    }

    public void SetTraining(bool training) { }

    public void Remember(int member) =>
        CopyMember(member, from: parameters, to: kept ??= parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray());

    public void Recall(int member) => CopyMember(member, from: kept!, to: parameters);

    void CopyMember(int member, IReadOnlyList<Tensor> from, IReadOnlyList<Tensor> to)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        for (int i = 0; i < from.Count; i++) to[i][order[member]].copy_(from[i][order[member]]);
    }

    /// <summary>Copies the trained stacked weights back into the members' own networks.</summary>
    public void WriteBack(IReadOnlyList<Sequential> members)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var layers = Layers(parameters);
        for (int i = 0; i < members.Count; i++)
        {
            var linears = members[i].children().OfType<Linear>().ToList();
            for (int layer = 0; layer < linears.Count; layer++)
            {
                linears[layer].weight!.copy_(layers[layer].Weight[order[i]].t());
                linears[layer].bias!.copy_(layers[layer].Bias[order[i]][0]);
            }
        }
    }

    public void Dispose()
    {
        foreach (var p in parameters) p.Dispose();
        one.Dispose();
        if (kept is not null) foreach (var t in kept) t.Dispose();
        rowOrder?.Dispose(); memberOrder?.Dispose();
        xTrain.Dispose(); yTrain.Dispose(); xValidation.Dispose(); yValidation.Dispose();
    }
}
