using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Engine;

/// <summary>
/// Adam (Kingma and Ba, 2015) with PyTorch's defaults (β1 0.9, β2 0.999, ε 1e-8), with L2 weight decay added to the
/// gradient or, for AdamW (Loshchilov and Hutter, 2019), decoupled from it. It computes what TorchSharp's Adam and AdamW
/// compute, to float rounding (a test checks it), but in one pass over each parameter instead of about eight separate
/// tensor operations: the update reads and writes every weight, its gradient and its two running averages at every step,
/// so the number of passes over memory, not arithmetic, sets its cost. Large parameters are split across threads.
/// As in PyTorch, each parameter counts its own steps: one without a gradient is left alone and its count does not advance.
/// </summary>
internal sealed class FusedAdam : WeightUpdate
{
    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    const int ParallelFrom = 1 << 16; // values; below this, one thread is faster than handing out work

    readonly Parameter[] parameters;
    readonly Tensor[] averages, squareAverages; // running averages of the gradient and of its square
    readonly int[] steps; // updates each parameter has had (its bias correction)
    readonly double weightDecay;
    readonly bool decoupledWeightDecay;
    readonly int threads;
    double learningRate;

    /// <param name="parameters">Contiguous float32 CPU tensors.</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="weightDecay">L2 penalty.</param>
    /// <param name="decoupledWeightDecay">AdamW's decay (shrink the weights) instead of Adam's (add to the gradient).</param>
    /// <param name="threads">Threads a large parameter is split across; torch's thread count when null.</param>
    public FusedAdam(IReadOnlyList<Parameter> parameters, double learningRate, double weightDecay, bool decoupledWeightDecay, int? threads = null)
        : base(parameters)
    {
        foreach (var p in parameters)
        {
            if (p.dtype != ScalarType.Float32 || p.device_type != DeviceType.CPU || !p.is_contiguous())
                throw new InvalidSettingException(nameof(parameters),
                    $"Adam here updates contiguous float32 CPU tensors; got a{(p.is_contiguous() ? "" : " non-contiguous")} {p.dtype} tensor on {p.device_type}.");
        }
        this.parameters = [.. parameters];
        averages = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        squareAverages = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        steps = new int[parameters.Count];
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.decoupledWeightDecay = decoupledWeightDecay;
        this.threads = Math.Max(1, threads ?? torch.get_num_threads());
    }

    public override double LearningRate { set => learningRate = value; }

    public override void Step()
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            using var gradient = parameters[i].grad;
            if (gradient is null) continue;
            var c = ConstantsAt(++steps[i]);
            using var contiguous = gradient.contiguous();
            var tensors = new[] { parameters[i], contiguous, averages[i], squareAverages[i] };
            int length = checked((int)parameters[i].numel());
            if (length < ParallelFrom || threads == 1)
            {
                Update(tensors, 0, length, c);
                continue;
            }
            int chunk = (length / threads + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
            Parallel.For(0, threads, t => Update(tensors, t * chunk, (t == threads - 1 ? length : Math.Min(length, (t + 1) * chunk)) - t * chunk, c));
        }
    }

    /// <summary>The step's constants for a parameter's <paramref name="step"/>-th update (1-based).</summary>
    Constants ConstantsAt(int step) => new(
        Beta1: (float)Beta1, OneMinusBeta1: (float)(1 - Beta1), Beta2: (float)Beta2, OneMinusBeta2: (float)(1 - Beta2),
        StepSize: (float)(learningRate / (1 - Math.Pow(Beta1, step))),
        CorrectionRoot: (float)Math.Sqrt(1 - Math.Pow(Beta2, step)),
        Epsilon: (float)Epsilon,
        GradientDecay: decoupledWeightDecay ? 0f : (float)weightDecay,
        Shrink: decoupledWeightDecay ? (float)(1 - learningRate * weightDecay) : 1f);

    readonly record struct Constants(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float StepSize,
        float CorrectionRoot, float Epsilon, float GradientDecay, float Shrink);

    /// <summary>Updates values [start, start + count) of a parameter; tensors are the weight, gradient and two averages.</summary>
    static void Update(Tensor[] tensors, int start, int count, Constants c)
    {
        if (count <= 0) return;
        var w = Floats(tensors[0], start, count);
        var g = Floats(tensors[1], start, count);
        var m = Floats(tensors[2], start, count);
        var v = Floats(tensors[3], start, count);
        int width = Vector<float>.Count, whole = count - count % width;
        Step(Vectors(w[..whole]), Vectors(g[..whole]), Vectors(m[..whole]), Vectors(v[..whole]), c);
        if (whole == count) return;

        // The last few values go through the same arithmetic in one zero-padded vector (zeros stay finite).
        Span<float> tail = stackalloc float[4 * width];
        tail.Clear();
        int rest = count - whole;
        w[whole..].CopyTo(tail[..rest]);
        g[whole..].CopyTo(tail.Slice(width, rest));
        m[whole..].CopyTo(tail.Slice(2 * width, rest));
        v[whole..].CopyTo(tail.Slice(3 * width, rest));
        Step(Vectors(tail[..width]), Vectors(tail.Slice(width, width)), Vectors(tail.Slice(2 * width, width)), Vectors(tail.Slice(3 * width, width)), c);
        tail[..rest].CopyTo(w[whole..]);
        tail.Slice(2 * width, rest).CopyTo(m[whole..]);
        tail.Slice(3 * width, rest).CopyTo(v[whole..]);
    }

    // The arithmetic of TorchSharp's Adam/AdamW step, in its order, on whole vectors.
    static void Step(Span<Vector<float>> w, Span<Vector<float>> g, Span<Vector<float>> m, Span<Vector<float>> v, Constants c)
    {
        Vector<float> beta1 = new(c.Beta1), oneMinusBeta1 = new(c.OneMinusBeta1), beta2 = new(c.Beta2), oneMinusBeta2 = new(c.OneMinusBeta2);
        Vector<float> stepSize = new(c.StepSize), root = new(c.CorrectionRoot), epsilon = new(c.Epsilon), decay = new(c.GradientDecay), shrink = new(c.Shrink);
        for (int i = 0; i < w.Length; i++)
        {
            var weight = w[i] * shrink;
            var gradient = g[i] + weight * decay;
            var average = m[i] * beta1 + gradient * oneMinusBeta1;
            var square = v[i] * beta2 + gradient * gradient * oneMinusBeta2;
            m[i] = average;
            v[i] = square;
            w[i] = weight - stepSize * (average / (Vector.SquareRoot(square) / root + epsilon));
        }
    }

    static Span<Vector<float>> Vectors(Span<float> values) => MemoryMarshal.Cast<float, Vector<float>>(values);

    static Span<float> Floats(Tensor t, int start, int count) => MemoryMarshal.Cast<byte, float>(t.bytes).Slice(start, count);

    public override void Dispose()
    {
        foreach (var t in averages.Concat(squareAverages)) t.Dispose();
    }
}
