using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using NirNet.Data;
using NirNet.Engine;
using NirNet.Models;
using NirNet.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Tests;

/// <summary>
/// The chapters quote hundreds of numbers from training runs, so a change to the training code may make them faster but
/// must not move a single bit of what they compute. Each case below is a short run of a configuration the chapters use, on
/// the chapters' data and network shapes; its fingerprint (every epoch's training and validation loss, the gradient norms
/// when recorded, as the bits of the doubles, each run's stop, and a SHA-256 of the trained weights) was recorded with the
/// plain training code before the performance work, and must come out identical. The CPU dispatch is pinned
/// (<c>lib/Native/CpuDispatch.cs</c>), so the fingerprints hold on any x86-64 machine with AVX2; the four cases that the pinning
/// moved (the CNN, dropout and the two Tecator cases: MKL's and oneDNN's choices) were recorded again with it. The pins guard
/// the engine (<c>Stacked.Compare</c>, the <c>compare-*</c> cases). The cases that train through the core's
/// <c>Trainer.Fit</c> (<c>fit</c> and the <c>repeat-*</c> cases) and the range test were recorded again when the core moved
/// to TorchSharp's own optimisers (its Adam rounds differently from the engine's fused one in the last bits); they now
/// guard the core against unnoticed change, and tests/EngineOracleTests.cs holds the two to each other.
/// The collection runs alone: another test changes torch's thread count for a moment.
/// </summary>
[Collection(nameof(PinnedHistories))]
public sealed class PinnedHistoryTests
{
    internal static readonly Lazy<ScaledSplit> Soil = new(() => Datasets.SimulatedSoil().Split(validationFraction: 0.2, testFraction: 0.2, seed: 42).Standardize());
    static readonly Lazy<ScaledSplit> Meat = new(() => Datasets.Tecator().SplitInOrder(129, 43).Standardize());
    static readonly IReadOnlyList<int> Original = Networks.OriginalHiddenLayers;

    static Comparison Compare(IEnumerable<MlpRun> runs, TrainingOptions options, ScaledSplit? data = null) =>
        Stacked.Compare(runs, (data ?? Soil.Value).Train, (data ?? Soil.Value).Validation, options);

    static Comparison Repeat(Func<int, Sequential> network, int[] seeds, TrainingOptions options) =>
        Trainer.Repeat(network, seeds, Soil.Value.Train, Soil.Value.Validation, options, "pinned");

    static readonly TrainingOptions Adam = new(Epochs: 2, BatchSize: 32, Optimizer: "adam", LearningRate: 1e-3, ProgressLines: 0);

    /// <summary>The cases, each a training the chapters run (shortened), by name.</summary>
    static readonly Dictionary<string, Func<Comparison>> Cases = new()
    {
        // Chapters 2 and 3: mixed activations trained together (members out of activation order), gradient norms recorded.
        ["compare-adam-mixed"] = () => Compare(
            [new(Original, "sigmoid", 1), new(Original, "relu", 1), new(Original, "tanh", 2), new(Original, "relu", 2),
             new(Original, "elu", 3), new(Original, "silu", 1), new(Original, "leaky_relu", 4), new(Original, "sigmoid", 2)],
            Adam with { RecordGradientNorms = true }),
        // Chapter 2: the same two networks with plain SGD.
        ["compare-sgd"] = () => Compare([new(Original, "relu", 1), new(Original, "sigmoid", 1)], Adam with { Optimizer = "sgd", LearningRate = 0.01 }),
        // Chapter 4: the other optimisers on five ReLU seeds.
        ["compare-momentum"] = () => Compare(Seeds("relu", 5), Adam with { Optimizer = "sgd", LearningRate = 0.01, Momentum = 0.9 }),
        ["compare-rmsprop"] = () => Compare(Seeds("relu", 3), Adam with { Optimizer = "rmsprop", LearningRate = 1e-4 }),
        ["compare-adagrad"] = () => Compare(Seeds("relu", 3), Adam with { Optimizer = "adagrad", LearningRate = 0.01 }),
        // Chapter 5: schedules.
        ["compare-cosine"] = () => Compare(Seeds("relu", 3), Adam with { Epochs = 3, Schedule = LearningRateSchedule.Cosine() }),
        ["compare-step"] = () => Compare(Seeds("relu", 2), Adam with { Epochs = 3, Schedule = LearningRateSchedule.Step(1, 0.5) }),
        ["repeat-plateau"] = () => Repeat(seed => Networks.Mlp(211, Original, "relu", seed), [1, 2],
            Adam with { Epochs = 3, Schedule = LearningRateSchedule.ReduceOnPlateau(0.5, 1) }),
        // Chapter 6: other widths, AdamW with weight decay, dropout, early stopping.
        ["compare-adamw"] = () => Compare(Seeds("relu", 3, [512, 256]), Adam with { Optimizer = "adamw", WeightDecay = 0.1 }),
        ["repeat-dropout"] = () => Seeded(() => Repeat(seed => Networks.Mlp(211, [512, 256], "relu", seed, dropout: 0.2), [1, 2], Adam)),
        ["compare-early-stopping"] = () => Compare(Seeds("relu", 3, [64, 32]), Adam with { Epochs = 6, LearningRate = 0.05, EarlyStoppingPatience = 1 }),
        // Chapter 7: the CNN, with early stopping.
        ["repeat-cnn"] = () => Repeat(seed => Networks.Cnn1d(211, [8, 16], seed: seed), [1], Adam with { Epochs = 3, EarlyStoppingPatience = 1 }),
        // Chapter 8: Tecator's 100 channels, ReLU and sigmoid groups, SGD.
        ["compare-tecator"] = () => Compare(Seeds("relu", 3), Adam with { Epochs = 3 }, Meat.Value),
        ["compare-tecator-sgd"] = () => Compare(Seeds("sigmoid", 3), Adam with { Optimizer = "sgd", LearningRate = 0.01 }, Meat.Value),
        // Chapter 1: one network trained alone, and the whole training set as one batch.
        ["fit"] = () => Repeat(seed => Networks.Mlp(211, Original, "relu", seed), [1], Adam with { Epochs = 3 }),
        ["compare-full-batch"] = () => Compare([new(Original, "tanh", 1), new(Original, "relu", 2)], Adam with { Epochs = 3, BatchSize = 0 }),
    };

    /// <summary>Dropout draws from torch's global generator, as in a chapter after its set-up cell seeded it.</summary>
    static Comparison Seeded(Func<Comparison> training)
    {
        Setup.Initialize(seed: 42);
        return training();
    }

    static IEnumerable<MlpRun> Seeds(string activation, int count, IReadOnlyList<int>? hidden = null) =>
        Enumerable.Range(1, count).Select(seed => new MlpRun(hidden ?? Original, activation, seed));

    /// <summary>Every epoch's losses, gradient norms and stop of every run, as exact bits, and a hash of all trained weights.</summary>
    internal static string Fingerprint(Comparison result)
    {
        var text = new StringBuilder();
        foreach (var history in result.Histories)
        {
            text.Append(CultureInfo.InvariantCulture, $"{history.Label}|");
            for (int e = 0; e < history.Epochs; e++)
                text.Append(CultureInfo.InvariantCulture, $"{Bits(history.TrainingLoss[e])},{Bits(history.ValidationLoss[e])};");
            foreach (var norms in history.GradientNorms) text.Append(string.Join(",", norms.Select(Bits))).Append(';');
            text.Append(CultureInfo.InvariantCulture, $"{history.RestoredEpoch}|{history.StopReason}\n");
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var scope = NewDisposeScope();
        foreach (var model in result.Models)
            foreach (var parameter in model.parameters())
                sha.AppendData(MemoryMarshal.AsBytes(parameter.detach().contiguous().data<float>().ToArray().AsSpan()));
        return text.Append("weights ").Append(Convert.ToHexString(sha.GetHashAndReset())).ToString();
    }

    static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("X16", CultureInfo.InvariantCulture);

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Training_reproduces_the_histories_and_weights_recorded_before_the_performance_work(string name)
    {
        string actual = Fingerprint(Cases[name]());
        Assert.Equal(Expected[name], actual);
    }

    /// <summary>Chapter 5's learning-rate range test: every step's loss, as bits, and where it stopped.</summary>
    [Fact]
    public void The_range_test_reproduces_the_losses_recorded_before_the_performance_work()
    {
        var result = LearningRateRangeTest.Run(Networks.Mlp(211, Original, "relu", 3), Soil.Value.Train, new TrainingOptions(Optimizer: "adam", Seed: 3), steps: 60);
        string actual = $"{string.Join(",", result.Losses.Select(Bits))}|{Bits(result.Suggested)}|{result.StopReason}";
        Assert.Equal(RangeTestLosses, actual);
    }

    const string RangeTestLosses = "3FE512ED20000000,3FFD69EA80000000,3FF19D3A00000000,3FE8154160000000,3FDD3D2A40000000,3FE6831EC0000000,3FE7BACBC0000000,3FF5717860000000,3FDDCB3840000000,3FE2AB9E60000000,3FE2F5F980000000,3FDE70A720000000,4005399A60000000,3FE763A980000000,3FF99541E0000000,3FD98DBD40000000,3FE3DD3320000000,3FE3A06020000000,3FF1C7E300000000,3FFFDF0FA0000000,3FE4D69060000000,4001D36DC0000000,3FF02469E0000000,3FE6F24500000000,3FD7278000000000,3FDE949F60000000,3FDFBB1EE0000000,3FE54CC1C0000000,3FE6CB7F40000000,3FD0840B00000000,3FD6270660000000,3FD74639C0000000,3FEC84F7A0000000,3FD88E2760000000,3FDBBFD640000000,3FD17E2EE0000000,3FEB396400000000,3FDA0CF1E0000000,3FE70D3020000000,3FE0D7A200000000,3FD3403E40000000,3FD092A560000000,3FD07D96C0000000,3FF6452DE0000000,3FED530EC0000000,3FEAF1EB80000000,3FE8582F40000000,3FF7839CA0000000,3FFE7766C0000000,3FF2BCC1A0000000,4003109000000000,3FE72A4520000000,3FD6DDAC60000000,3FE7388E80000000,3FF98DC600000000,3FE56A3BC0000000,3FF1EDF6A0000000,3FE8B56920000000,3FE8D696C0000000,3FEEB6F400000000|3F5E97866E427E1A|";

    static readonly Dictionary<string, string> Expected = new()
    {
        ["compare-adagrad"] = """
relu, seed 1|3FFF034840000000,3FDC7F4F40000000;3FE9769400000000,3FDAFA3BC0000000;|
relu, seed 2|40142ABA60000000,3FE5E69FC0000000;3FF53C9400000000,3FDB800700000000;|
relu, seed 3|3FF003D280000000,3FE5B4E8C0000000;3FF00209C0000000,3FE5B33C60000000;|
weights DC125AB0F8C4554FA80881DCE8F7887CD4BB872EEA94D170922E44033EFC1119
""",
        ["compare-adam-mixed"] = """
sigmoid, seed 1|3FFA61D7A0000000,3FF01AB4A0000000;3FF77936E0000000,3FECA31D40000000;3F72052040000000,3F9076A8C0000000,3FA5329200000000,3FC01F5F60000000,3FD4C1D540000000,3FEC6E0860000000,3FF8FF0C20000000;3F60490FA0000000,3F73B6CDE0000000,3F921F4C40000000,3FB16F3120000000,3FC8EBA4A0000000,3FE18A1260000000,3FEE892FC0000000;|
relu, seed 1|3FEA4A0020000000,3FDABDEA60000000;3FE8092860000000,3FD677B1A0000000;4009EDE380000000,4007612960000000,3FFD6BAA20000000,3FF6CB6080000000,3FF95F9C60000000,3FEFBA8540000000,3FA308D300000000;3FD7828260000000,3FDAE604A0000000,3FD763D220000000,3FD5607F20000000,3FCD684B60000000,3FCD9A3180000000,3FC403EFA0000000;|
tanh, seed 2|3FE578F580000000,3FD15EBF40000000;3FD8BB6F60000000,3FC63DD8C0000000;402A46F340000000,4027AD5F60000000,40207E54C0000000,4015BD1B40000000,4012169980000000,40059EF980000000,3FEC5689E0000000;3FE7B1E700000000,3FE75064C0000000,3FE88EB900000000,3FE8E2F860000000,3FF221DD60000000,3FE5B7FE20000000,3FF1F6EBE0000000;|
relu, seed 2|3FF037B100000000,3FDAFEAAA0000000;3FE9401EC0000000,3FDADB6DA0000000;401BA5CFE0000000,401ACD7720000000,40117B9120000000,400AFDD580000000,400000D620000000,3FE7AD9E40000000,3FDAE51DE0000000;3FA5EBAD20000000,3FA3AF2AA0000000,3F9F18C100000000,3F972DADC0000000,3F872E60A0000000,3F70B9B140000000,3F66367740000000;|
elu, seed 3|3FE994AB20000000,3FD7647080000000;3FD0135580000000,3FBAE3AB40000000;4026848840000000,4021F9D6A0000000,401C1AA260000000,4014C17B20000000,4010692FA0000000,4006ADB0C0000000,3FF10ED9E0000000;40142B4F40000000,4012A7A4E0000000,40199A8E80000000,401B428AC0000000,401D3168C0000000,4017F558E0000000,3FFA81CEA0000000;|
silu, seed 1|3FE5B5CAA0000000,3FD4767160000000;3FE194BCA0000000,3FCE54EDC0000000;3FECD492A0000000,3FE9E505C0000000,3FE18F3300000000,3FD85873A0000000,3FD24BD5C0000000,3FCBA51EE0000000,3FC2D0EDC0000000;3FF1E56DE0000000,3FF300A060000000,3FF0B49980000000,3FF207B440000000,3FF0FEDB60000000,3FE5615980000000,3FD60E07E0000000;|
leaky_relu, seed 4|3FE4774800000000,3FCA57E7C0000000;3FCC410940000000,3FB8EA5500000000;4005625C60000000,4004E73340000000,3FFD1F87E0000000,3FFE51A3E0000000,3FF5C7BDA0000000,3FE4130E20000000,3FC045DB60000000;3FE8F61D20000000,3FED15F820000000,3FF137B080000000,3FF5310D60000000,3FF4651A20000000,3FED4AE040000000,3FE4BCBF40000000;|
sigmoid, seed 2|3FFFF07460000000,3FF3D4C540000000;3FFB6524E0000000,3FF0DB4100000000;3F627CB840000000,3F96289200000000,3FB0FDA440000000,3FC50B9640000000,3FE170FD00000000,3FF20FD5C0000000,3FFDE2C360000000;3F4EBEF380000000,3F853C80E0000000,3FA69BDA80000000,3FBDDE9560000000,3FD9FAB000000000,3FEC45F060000000,3FF58987C0000000;|
weights 86F9B23940D8DCD6733846EA08AC86E1B756A901DAA04C1D4967659494A11821
""",
        ["compare-adamw"] = """
relu, seed 1|3FFA759A60000000,3FD18B7460000000;3FDB3A19C0000000,3FDA2ACFC0000000;|
relu, seed 2|3FFC617240000000,3FE4603BC0000000;3FE0453FE0000000,3FCFA14E00000000;|
relu, seed 3|400162B040000000,3FDD97FE00000000;3FDF645760000000,3FCB809860000000;|
weights 6FA5ED4211D12F73EB96BE82EC86E207E6E4CC395DF6BDDD08F9B8FBE0EEEB5E
""",
        ["compare-cosine"] = """
relu, seed 1|3FEA4A0020000000,3FDABDEA60000000;3FE7F106C0000000,3FD7CB7C60000000;3FE5DA44A0000000,3FD49DEB80000000;|
relu, seed 2|3FF037B100000000,3FDAFEAAA0000000;3FE90256E0000000,3FDAE2B2C0000000;3FE8D35940000000,3FDAD4A260000000;|
relu, seed 3|3FF000FB40000000,3FE5B2C220000000;3FF0003DE0000000,3FE5B5B520000000;3FF0001D40000000,3FE5B531C0000000;|
weights 5F84223D131715DF7C554D4AB01EFB051A19471760292C897D52A88562B360E2
""",
        ["compare-early-stopping"] = """
relu, seed 1|4064C2A6A0000000,40449AE7E0000000;40412F2000000000,403AB60CC0000000;4019B72240000000,3FE8CF8400000000;3FF0818300000000,3FE6A564A0000000;3FE86BCBC0000000,3FE215D1C0000000;3FE38E8160000000,3FE1842C00000000;6|
relu, seed 2|4086040020000000,404CABD360000000;4047BE1C40000000,40163DE2A0000000;3FFC3D62C0000000,3FE5379F60000000;3FF0B80640000000,3FE54C73C0000000;3|stopped early at epoch 4: no better validation loss for 1 epochs; the weights of epoch 3 were kept
relu, seed 3|406E1DB8C0000000,405952FB40000000;404FAA06E0000000,4031A04700000000;4021BDA920000000,400DB9D3A0000000;400A675340000000,40008E1140000000;3FF72F5580000000,3FFC298060000000;3FF357B920000000,3FE8E82940000000;6|
weights EC424B4FCC6D30A02941329A0C864E2461F909E287E20293B3698B693BC486DF
""",
        ["compare-full-batch"] = """
tanh, seed 1|3FECFDB9A0000000,3FDF8E25A0000000;3FE52A1620000000,3FD7EA68C0000000;3FE2B3D740000000,3FD1B283A0000000;|
relu, seed 2|3FFEA01440000000,3FE47EECC0000000;3FF18DBE20000000,3FE67122C0000000;3FF2E51DC0000000,3FE3A0BB40000000;|
weights 999FE6986502E4CE3E4C28198F7C96319245F7EE4A39E88B1C5F3C52745BF575
""",
        ["compare-momentum"] = """
relu, seed 1|3FEB143B20000000,3FD8F76C40000000;3FE6365920000000,3FD465BFA0000000;|
relu, seed 2|3FF02A92E0000000,3FDA23BCA0000000;3FE74076C0000000,3FD95942C0000000;|
relu, seed 3|3FF00595E0000000,3FE5A7BC00000000;3FEC70E660000000,3FD851E6C0000000;|
relu, seed 4|3FF0260CA0000000,3FE5AF26C0000000;3FEFF3F000000000,3FE5C713C0000000;|
relu, seed 5|3FEC476000000000,3FD9760E40000000;3FE6C0C6E0000000,3FD795BB80000000;|
weights 72CDE7FEB851372BE28C06A27C18093AB8872D4E2655B0FD9054969842778AC2
""",
        ["compare-rmsprop"] = """
relu, seed 1|3FEA9D1C80000000,3FDB0A0C60000000;3FE8FAA7A0000000,3FDAC3B5C0000000;|
relu, seed 2|3FEED2BBC0000000,3FDAED80A0000000;3FE901B480000000,3FDACEF100000000;|
relu, seed 3|3FF000D0C0000000,3FE5B768A0000000;3FEFFFDFE0000000,3FE5B6FF00000000;|
weights 6F74964DD2B2661C9F723D9C181FE96A76DFAAB50BC0ACAFC3C502FB2F30D975
""",
        ["compare-sgd"] = """
relu, seed 1|3FEBAF3CC0000000,3FDAF60740000000;3FE8AD4840000000,3FD9D3E600000000;|
sigmoid, seed 1|3FF8B06D40000000,3FEB256340000000;3FF3E34780000000,3FE6F08BC0000000;|
weights 65117EF0ACB407D6897506D6E53523F459077602F657EE5BBB32660493C08DE1
""",
        ["compare-step"] = """
relu, seed 1|3FEA4A0020000000,3FDABDEA60000000;3FE85CE780000000,3FD8A9B400000000;3FE6DBFE20000000,3FD65383C0000000;|
relu, seed 2|3FF037B100000000,3FDAFEAAA0000000;3FE8EBC1E0000000,3FDB2DCDC0000000;3FE8D590C0000000,3FDAD834C0000000;|
weights 6121A2C38610900CA43046BFF103438721A6AD7735563A37FA4BC7AFB6949658
""",
        ["compare-tecator-sgd"] = """
sigmoid, seed 1|3FF03A1900000000,3FF086A860000000;3FF057CEA0000000,3FF0602D60000000;|
sigmoid, seed 2|3FF3B29AE0000000,3FF51F0680000000;3FF3855CA0000000,3FF2DE7040000000;|
sigmoid, seed 3|3FF91329A0000000,3FF566ECA0000000;3FF5110800000000,3FF3B86E60000000;|
weights 8E46EA98F53DC79405ADD0954F0D3C9E1E14A6D015E703D0C5FA6F65C3D54A7A
""",
        ["compare-tecator"] = """
relu, seed 1|3FEDDEFB40000000,3FED570940000000;3FEB702380000000,3FEBE2C5A0000000;3FE9D28AA0000000,3FE9AB4A60000000;|
relu, seed 2|3FEE7AAB40000000,3FEE029F20000000;3FEA617180000000,3FEF783D00000000;3FE91B6A80000000,3FEB3BE360000000;|
relu, seed 3|3FF06B1D60000000,3FF0EFFEC0000000;3FEDB7C8C0000000,3FED59F940000000;3FECD75AE0000000,3FEA8CF1A0000000;|
weights DF5A14059EBA0F452F34C6E1E2D202755F3391C875DE0E30F998CB3F17D3A3A4
""",
        ["fit"] = """
pinned, seed 1|3FEA4A0020000000,3FDABDEA60000000;3FE8092860000000,3FD677B1A0000000;3FE32B6220000000,3FCCDD4640000000;|
weights 91B284B99A73686279BA73BEBB7B5D8AF3A0213040F8DC89F7FCEFA3C2988504
""",
        ["repeat-cnn"] = """
pinned, seed 1|3FE2C8C020000000,3FC356D560000000;3FD12B20C0000000,3FC1E1F6C0000000;3FCC580A80000000,3FB70778C0000000;3|
weights 177FB135C5AB59D95F7A410D4BFA401B845EBD21BDC6A5A588CF99C7FD405071
""",
        ["repeat-dropout"] = """
pinned, seed 1|3FF5B0A200000000,3FE77A4CA0000000;3FE2E081E0000000,3FDE539940000000;|
pinned, seed 2|3FF7E1FF60000000,3FECEEBD60000000;3FECF2D320000000,3FD87C3860000000;|
weights 5E78EC8AED3A25A8103752B25735C4DAEC2BD67A30123F260F180A5CB2A846C1
""",
        ["repeat-plateau"] = """
pinned, seed 1|3FEA4A0020000000,3FDABDEA60000000;3FE8092860000000,3FD677B1A0000000;3FE32B6220000000,3FCCDD4640000000;|
pinned, seed 2|3FF037B120000000,3FDAFEAAA0000000;3FE9401EC0000000,3FDADB6DA0000000;3FE8F82EA0000000,3FDAC54EC0000000;|
weights B99B437419F4326BAA0D760E55D12ED45260AD236AEE9132724BCAFA7F72C890
""",
    };
}

/// <summary>Tests that must not run while another test changes torch's thread count.</summary>
[CollectionDefinition(nameof(PinnedHistories), DisableParallelization = true)]
public sealed class PinnedHistories;
