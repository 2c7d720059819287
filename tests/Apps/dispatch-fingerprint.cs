#:project ../../lib/NirNet.csproj
#:project ../../lib/Engine/NirNet.Engine.csproj
// Trains, briefly, the networks whose numbers moved from one CPU to another (the 1-D CNN of chapters 7 and 8, an MLP
// with dropout, the Tecator MLPs) and prints one fingerprint per run: a hash of every epoch's losses and of the trained
// weights. tests/CpuDispatchTests.cs runs it under environment settings that stand in for other CPUs.
// Run from the repository root: dotnet run tests/Apps/dispatch-fingerprint.cs
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using NirNet;
using NirNet.Data;
using NirNet.Engine;
using NirNet.Models;
using NirNet.Training;
using static TorchSharp.torch;

Console.WriteLine(Setup.Initialize(seed: 42).Native); // what the loader did, the CPU dispatch included
var soil = Datasets.SimulatedSoil().Split(validationFraction: 0.2, testFraction: 0.2, seed: 42).Standardize();
var meat = Datasets.Tecator().SplitInOrder(129, 43).Standardize();
var options = new TrainingOptions(Epochs: 3, BatchSize: 32, Optimizer: "adam", LearningRate: 1e-3, ProgressLines: 0);

Print("cnn", Trainer.Repeat(seed => Networks.Cnn1d(211, [8, 16], kernelSize: 9, dense: [32], seed: seed), [1, 2],
    soil.Train, soil.Validation, options with { EarlyStoppingPatience = 1 }, "cnn"));
Print("cnn-tecator", Trainer.Repeat(seed => Networks.Cnn1d(100, [8, 16], kernelSize: 9, dense: [32], seed: seed), [1],
    meat.Train, meat.Validation, options, "cnn"));
Print("mlp-dropout", Trainer.Repeat(seed => Networks.Mlp(211, [512, 256], "relu", seed, dropout: 0.2), [1],
    soil.Train, soil.Validation, options, "dropout"));
Print("mlp-tecator", Stacked.Compare([new MlpRun(Networks.OriginalHiddenLayers, "relu", 1), new MlpRun(Networks.OriginalHiddenLayers, "sigmoid", 2)],
    meat.Train, meat.Validation, options));

static void Print(string name, Comparison result)
{
    var losses = new StringBuilder();
    foreach (var history in result.Histories)
        for (int e = 0; e < history.Epochs; e++)
            losses.Append(CultureInfo.InvariantCulture, $"{BitConverter.DoubleToInt64Bits(history.TrainingLoss[e]):X16},{BitConverter.DoubleToInt64Bits(history.ValidationLoss[e]):X16};");
    using var weights = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    using var scope = NewDisposeScope();
    foreach (var model in result.Models)
        foreach (var parameter in model.parameters())
            weights.AppendData(MemoryMarshal.AsBytes(parameter.detach().contiguous().data<float>().ToArray().AsSpan()));
    string lossHash = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(losses.ToString())))[..16];
    Console.WriteLine($"fingerprint {name} losses {lossHash} weights {Convert.ToHexString(weights.GetHashAndReset())[..16]}");
}
