#:project ../lib/NirNet.csproj
#:project ../lib/Engine/NirNet.Engine.csproj
// Writes artifacts/relu-vs-sigmoid.html: chapter 2's headline chart (validation loss of ReLU and sigmoid, five seeds,
// 1000 epochs), as a standalone page. docs/README.md says how the PNG in the README is made from it.
// Run from the repository root:  dotnet run docs/make-readme-figure.cs
using NirNet;
using NirNet.Data;
using NirNet.Engine;
using NirNet.Models;
using NirNet.Training;
using Plotly.NET.CSharp;

Setup.Initialize(seed: 42);
var scaled = Datasets.SimulatedSoil().Split(validationFraction: 0.2, testFraction: 0.2, seed: 42).Standardize();
var runs = new[] { "relu", "sigmoid" }
    .SelectMany(activation => new[] { 1, 2, 3, 4, 5 }.Select(seed => new MlpRun(Networks.OriginalHiddenLayers, activation, seed)));
var comparison = Stacked.Compare(runs, scaled.Train, scaled.Validation, new TrainingOptions(Epochs: 1000, BatchSize: 32));
string folder = Path.Combine((string)AppContext.GetData("EntryPointFileDirectoryPath")!, "..", "artifacts");
Directory.CreateDirectory(folder);
string path = Path.GetFullPath(Path.Combine(folder, "relu-vs-sigmoid.html"));
var chart = comparison.Chart(title: "ReLU vs sigmoid with Adam: validation loss, five seeds each").WithSize(1000, 560);
Charts.SaveHtml(chart, path);
// a picture is for looking, not clicking: hide Plotly's toolbar
File.WriteAllText(path, File.ReadAllText(path).Replace("</head>", "<style>.modebar-container{display:none}</style></head>"));
Console.WriteLine($"Wrote {path}");
