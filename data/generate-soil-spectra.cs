#:project ../lib/NirNet.csproj
// Regenerates data/soil-vnir-simulated.csv, the simulated dataset every chapter uses.
// Run from anywhere:  dotnet run data/generate-soil-spectra.cs
// A test regenerates the same text in memory and compares it byte for byte with the committed file.
using NirNet.Data;

string folder = (string)AppContext.GetData("EntryPointFileDirectoryPath")!;
string path = Path.Combine(folder, SoilSpectraSimulator.ShippedFileName);
File.WriteAllText(path, SoilSpectraSimulator.ToCsv());
Console.WriteLine($"Wrote {path} ({SoilSpectraSimulator.ShippedSamples} samples, seed {SoilSpectraSimulator.ShippedSeed}).");
