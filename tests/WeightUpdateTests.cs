using NirNet.Engine;
using NirNet.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Tests;

/// <summary>The library's one-pass Adam and AdamW against TorchSharp's own optimisers, the oracle.</summary>
public sealed class WeightUpdateTests
{
    // One parameter large enough to be split across threads and not a whole number of vectors, and a tiny one.
    static readonly long[][] Shapes = [[70_001], [3, 5]];

    /// <summary>
    /// Steps our update and TorchSharp's side by side for 30 steps (the learning rate lowered at step 20), from the same
    /// weights and with the same gradients, and checks that they land on the same weights.
    /// </summary>
    /// <param name="update">Makes our update for the parameters.</param>
    /// <param name="hasGradient">Whether parameter i gets a gradient at step s; every parameter at every step when null.</param>
    /// <param name="nonContiguous">Give the gradients as non-contiguous views.</param>
    static void AssertSameWeightsAsTorchSharp(string optimizer, double weightDecay, Func<IReadOnlyList<Parameter>, WeightUpdate> update,
        Func<int, int, bool>? hasGradient = null, bool nonContiguous = false)
    {
        Setup.EnsureNativeLoaded();
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        var ours = Shapes.Select(s => new Parameter(randn(s, generator: generator))).ToList();
        var theirs = ours.Select(p => new Parameter(p.detach().clone())).ToList();
        var start = ours.Select(p => p.detach().clone()).ToList();
        using var fused = update(ours);
        using optim.Optimizer reference = optimizer == "adam"
            ? optim.Adam(theirs, lr: 0.01, weight_decay: weightDecay)
            : optim.AdamW(theirs, lr: 0.01, weight_decay: weightDecay);

        for (int step = 0; step < 30; step++)
        {
            if (step == 20) { fused.LearningRate = 0.003; foreach (var g in reference.ParamGroups) g.LearningRate = 0.003; }
            for (int i = 0; i < ours.Count; i++)
            {
                if (hasGradient?.Invoke(i, step) == false) { ours[i].grad = null; theirs[i].grad = null; continue; }
                var gradient = nonContiguous
                    ? (randn([.. ours[i].shape, 2], generator: generator) * (step + 1)).select(-1, 0)
                    : randn(ours[i].shape, generator: generator) * (step + 1);
                Assert.Equal(!nonContiguous, gradient.is_contiguous());
                ours[i].grad = gradient;
                theirs[i].grad = gradient.clone();
            }
            fused.Step();
            reference.step();
        }

        foreach (var ((p, q), before) in ours.Zip(theirs).Zip(start))
        {
            double largest = (p - q).abs().max().item<float>();
            Assert.True(largest < 1e-5, $"{optimizer}, weight decay {weightDecay}: largest difference {largest:G3}");
            Assert.True((p - before).abs().mean().item<float>() > 1e-2, "the weights moved");
        }
    }

    [Theory]
    [InlineData("adam", 0.0)]
    [InlineData("adam", 0.1)]
    [InlineData("adamw", 0.1)]
    public void Fused_Adam_computes_what_TorchSharps_Adam_computes(string optimizer, double weightDecay) =>
        AssertSameWeightsAsTorchSharp(optimizer, weightDecay,
            parameters => WeightUpdate.For(parameters, new TrainingOptions(Optimizer: optimizer, LearningRate: 0.01, WeightDecay: weightDecay)));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_large_parameter_gets_the_same_update_on_one_thread_and_split_across_several(int threads) =>
        AssertSameWeightsAsTorchSharp("adam", 0.1, parameters => new FusedAdam(parameters, 0.01, 0.1, decoupledWeightDecay: false, threads));

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void A_parameter_without_a_gradient_is_skipped_and_its_step_count_does_not_advance(string optimizer) =>
        AssertSameWeightsAsTorchSharp(optimizer, 0.1,
            parameters => WeightUpdate.For(parameters, new TrainingOptions(Optimizer: optimizer, LearningRate: 0.01, WeightDecay: 0.1)),
            hasGradient: (parameter, step) => parameter == 0 || step is >= 10 and not 15);

    [Fact]
    public void Non_contiguous_gradients_are_read_in_their_logical_order() =>
        AssertSameWeightsAsTorchSharp("adam", 0.0, parameters => WeightUpdate.For(parameters, new TrainingOptions(LearningRate: 0.01)), nonContiguous: true);

    [Fact]
    public void Parameters_it_cannot_update_are_a_setting_error_naming_the_tensor()
    {
        Setup.EnsureNativeLoaded();
        using var scope = NewDisposeScope();
        var adam = new TrainingOptions();

        var doubles = Assert.Throws<InvalidSettingException>(() => WeightUpdate.For([new Parameter(randn(4, dtype: float64))], adam));
        var transposed = Assert.Throws<InvalidSettingException>(() => WeightUpdate.For([new Parameter(randn(5, 3).t())], adam with { Optimizer = "adamw" }));

        Assert.Equal("parameters", doubles.Parameter);
        Assert.Contains("Float64", doubles.Message);
        Assert.Contains("non-contiguous", transposed.Message);
    }

    [Fact]
    public void Each_optimiser_name_is_one_entry_of_one_table_and_an_unknown_one_lists_them_all()
    {
        var error = Assert.Throws<InvalidSettingException>(() => new TrainingOptions(Optimizer: "lion").Validate());

        Assert.Equal("Optimizer", error.Parameter);
        Assert.Contains("Valid names: adam, sgd, rmsprop, adamw, adagrad.", error.Message);
        Assert.Equal("adamw", Optimizers.Name(" AdamW "));
    }
}
