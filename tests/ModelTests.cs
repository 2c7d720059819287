using NirNet.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NirNet.Tests;

public sealed class ModelTests
{
    [Fact]
    public void Mlp_has_the_requested_layers_shapes_and_parameter_count()
    {
        var net = Networks.Mlp(211, Networks.OriginalHiddenLayers, "relu", seed: 1);
        var summary = ModelSummary.Of(net, 211);

        // 211·256+256 + 256·128+128 + 128·64+64 + 64·32+32 + 32·16+16 + 16·4+4 + 4·1+1
        Assert.Equal(98_105, summary.TotalParameters);
        Assert.Equal("Linear(211 → 256)", summary.Layers[0].Kind);
        Assert.Equal("[1, 4]", summary.Layers[^2].OutputShape);
        Assert.Equal("Linear(4 → 1)", summary.Layers[^1].Kind);
        using var x = randn(7, 211);
        using var y = net.forward(x);
        Assert.Equal([7L, 1L], y.shape);
    }

    [Fact]
    public void Same_seed_gives_identical_initial_weights_whatever_the_activation()
    {
        var relu = Networks.Mlp(20, [8, 4], "relu", seed: 5);
        var sigmoid = Networks.Mlp(20, [8, 4], "sigmoid", seed: 5);
        var other = Networks.Mlp(20, [8, 4], "relu", seed: 6);

        var a = relu.parameters().ToList();
        var b = sigmoid.parameters().ToList();
        Assert.All(a.Zip(b), p => Assert.True(p.First.allclose(p.Second, rtol: 0, atol: 0)));
        Assert.False(a[0].allclose(other.parameters().First(), rtol: 0, atol: 0));
    }

    [Fact]
    public void Glorot_init_bounds_the_weights_and_zeroes_the_biases()
    {
        var glorot = Networks.Mlp(100, [50], "relu", seed: 1);

        double limit = Math.Sqrt(6.0 / 150);
        var w = glorot.parameters().First();
        Assert.True(w.abs().max().item<float>() <= limit);
        Assert.True(w.abs().max().item<float>() > 0.9 * limit);
        Assert.Equal(0f, glorot.parameters().ElementAt(1).abs().sum().item<float>());
    }

    [Fact]
    public void He_init_draws_within_its_wider_limit_from_the_same_generator()
    {
        var he = Networks.Mlp(100, [50], "relu", seed: 1, init: WeightInit.HeUniform);
        var glorot = Networks.Mlp(100, [50], "relu", seed: 1);

        double limit = Math.Sqrt(6.0 / 100);
        var w = he.parameters().First();
        Assert.True(w.abs().max().item<float>() <= limit);
        Assert.True(w.abs().max().item<float>() > 0.9 * limit);
        // the same uniform draws, scaled by the ratio of the two limits
        double ratio = limit / Math.Sqrt(6.0 / 150);
        Assert.True(w.allclose(glorot.parameters().First() * ratio, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(0f, he.parameters().ElementAt(1).abs().sum().item<float>());
    }

    [Fact]
    public void Dead_units_are_counted_per_hidden_layer()
    {
        var (train, _) = TrainingTests.Tiny();
        var net = Networks.Mlp(train.WavelengthCount, [6, 4], "relu", seed: 2);
        using (no_grad()) net.named_parameters().Single(p => p.name == "dense2.bias").parameter.fill_(-1000);

        Assert.Equal([0, 4], DeadUnits.PerLayer(net, train));
        Assert.Equal([0, 0], DeadUnits.PerLayer(Networks.Mlp(train.WavelengthCount, [6, 4], "sigmoid", seed: 2), train));
    }

    [Fact]
    public void A_He_initialised_run_is_its_own_group()
    {
        var run = new NirNet.Training.MlpRun([4], "ReLU", 3, WeightInit.HeUniform);

        Assert.Equal("relu (He init)", run.Group);
        Assert.Equal("relu (He init), seed 3", run.Label);
    }

    [Theory]
    [InlineData("relu", -2.0, 0.0, 2.0, 0.0, 0.0, 2.0)]
    [InlineData("sigmoid", 0.0, 2.0, -2.0, 0.5, 0.8807970779778823, 0.11920292202211755)]
    [InlineData("tanh", 0.0, 1.0, -1.0, 0.0, 0.7615941559557649, -0.7615941559557649)]
    [InlineData("linear", -3.0, 0.5, 7.0, -3.0, 0.5, 7.0)]
    [InlineData("leaky_relu", -2.0, 0.0, 3.0, -0.02, 0.0, 3.0)]
    [InlineData("elu", -1.0, 0.0, 2.0, -0.6321205588285577, 0.0, 2.0)]
    [InlineData("selu", 0.0, 1.0, -1.0, 0.0, 1.0507009873554805, -1.1113307378125625)]
    [InlineData("softplus", 0.0, 1.0, -1.0, 0.6931471805599453, 1.3132616875182228, 0.31326168751822286)]
    [InlineData("silu", 0.0, 1.0, -1.0, 0.0, 0.7310585786300049, -0.2689414213699951)]
    [InlineData("gelu", 0.0, 1.0, -1.0, 0.0, 0.8413447460685429, -0.15865525393145707)]
    public void Each_activation_has_its_known_values(string name, double x1, double x2, double x3, double y1, double y2, double y3)
    {
        var (values, _) = Activations.Evaluate(name, [x1, x2, x3]);
        Assert.Equal(y1, values[0], 6);
        Assert.Equal(y2, values[1], 6);
        Assert.Equal(y3, values[2], 6);

        using var module = Activations.Module(name);
        using var input = tensor(new[] { x1, x2, x3 });
        using var output = module.forward(input);
        Assert.Equal(values, output.data<double>().ToArray(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Derivatives_match_the_closed_forms()
    {
        double[] x = [-3, -0.5, 0.5, 3];
        var (s, ds) = Activations.Evaluate("sigmoid", x);
        var (t, dt) = Activations.Evaluate("tanh", x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(s[i] * (1 - s[i]), ds[i], 12);
            Assert.Equal(1 - t[i] * t[i], dt[i], 12);
        }
        Assert.Equal([0.0, 0.0, 1.0, 1.0], Activations.Evaluate("relu", x).Derivative);
    }

    [Fact]
    public void Unknown_activation_lists_the_valid_names()
    {
        var error = Assert.Throws<InvalidSettingException>(() => Networks.Mlp(10, [4], "swish"));
        Assert.Equal("activation", error.Parameter);
        Assert.Contains("relu, sigmoid, tanh, linear, elu, selu, leaky_relu, gelu, silu, softplus", error.Message);
        Assert.Equal("leaky_relu", Activations.Validate(" Leaky_ReLU "));
    }

    [Fact]
    public void Mlp_dropout_follows_each_activation_and_is_off_when_evaluating()
    {
        var net = Networks.Mlp(10, [16, 8], "relu", seed: 1, dropout: 0.5);
        using var x = TorchSharp.torch.ones(4, 10);
        Assert.Equal(["dense1", "act1", "drop1", "dense2", "act2", "drop2", "output"], net.named_children().Select(c => c.name));
        net.train();
        using var trainingA = net.forward(x);
        using var trainingB = net.forward(x);
        net.eval();
        using var a = net.forward(x);
        using var b = net.forward(x);

        Assert.NotEqual(trainingA.data<float>().ToArray(), trainingB.data<float>().ToArray());
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.Equal(ModelSummary.Of(Networks.Mlp(10, [16, 8]), 10).TotalParameters, ModelSummary.Of(net, 10).TotalParameters);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Mlp_rejects_a_dropout_outside_zero_to_one(double dropout)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Networks.Mlp(10, [4], dropout: dropout));

        Assert.Equal("dropout", error.Parameter);
    }

    [Fact]
    public void Cnn1d_maps_spectra_to_one_output_and_summarises()
    {
        var net = Networks.Cnn1d(211, channels: [8, 16], kernelSize: 9, dense: [32], seed: 2);
        var summary = ModelSummary.Of(net, 211);

        Assert.Equal("Conv1d(1 → 8, kernel 9)", summary.Layers.Single(l => l.Name == "conv1").Kind);
        Assert.Equal("[1, 16, 52]", summary.Layers.Single(l => l.Name == "pool2").OutputShape);
        Assert.Equal("[1, 1]", summary.Layers[^1].OutputShape);
        Assert.Equal(8 * 9 + 8 + 16 * 8 * 9 + 16 + 16 * 52 * 32 + 32 + 33, summary.TotalParameters);
        Assert.Contains("<table>", ((IHtmlDisplay)summary).ToHtml());
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
