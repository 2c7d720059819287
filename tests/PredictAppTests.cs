using System.Globalization;
using NirNet.Data;
using NirNet.Models;
using NirNet.Training;

namespace NirNet.Tests;

/// <summary>
/// <c>predict.cs</c> at the repository root, run for real as <c>dotnet run predict.cs -- folder spectra.csv</c> on a model
/// saved here: it writes the library's predictions to standard output, and a foreign axis to standard error with exit code 1.
/// </summary>
public sealed class PredictAppTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-predict-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Predict_app_writes_the_in_process_predictions_and_refuses_a_foreign_axis()
    {
        var scaled = Datasets.Tecator().SplitInOrder(129, 43).Standardize();
        var net = Networks.Mlp(100, [16, 8], "sigmoid", seed: 4);
        Trainer.Fit(net, scaled.Train, scaled.Validation, new TrainingOptions(Epochs: 20, ProgressLines: 0));
        string modelFolder = Path.Combine(folder, "model with spaces");
        TrainedModel.Of(net, scaled).Save(modelFolder);
        var raw = Datasets.Tecator().SplitInOrder(129, 43).Test;
        string spectra = WriteSpectra(raw, "new.csv", raw.Wavelengths);
        string expected = TrainedModel.Load(modelFolder).PredictCsv(spectra).ToCsv();

        var (exitCode, output, error) = await RunAsync(modelFolder, spectra);
        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
        Assert.Equal(expected, output);
        Assert.Equal(44, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        string shifted = WriteSpectra(raw, "shifted.csv", raw.Wavelengths.Select(w => w + 1).ToArray());
        (exitCode, output, error) = await RunAsync(modelFolder, shifted);
        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Contains($"{shifted}, line 1, column '851': spectral column 1 is 851 nm, where the model expects 850 nm", error);
    }

    [Fact]
    public async Task Predict_app_prints_a_committees_mean_and_with_spread_its_members_spread()
    {
        var scaled = Datasets.Tecator().SplitInOrder(129, 43).Standardize();
        var members = new[] { 4, 5, 6 }.Select(seed =>
        {
            var net = Networks.Mlp(100, [8], "sigmoid", seed: seed);
            Trainer.Fit(net, scaled.Train, scaled.Validation, new TrainingOptions(Epochs: 10, ProgressLines: 0));
            return TrainedModel.Of(net, scaled);
        }).ToArray();
        string committeeFolder = Path.Combine(folder, "committee"), singleFolder = Path.Combine(folder, "single");
        Committee.Of(members).Save(committeeFolder);
        members[0].Save(singleFolder);
        var raw = Datasets.Tecator().SplitInOrder(129, 43).Test;
        string spectra = WriteSpectra(raw, "new.csv", raw.Wavelengths);
        string expected = Committee.Load(committeeFolder).PredictCsv(spectra).ToCsv(spread: true);

        var (exitCode, output, error) = await RunAsync("--spread", committeeFolder, spectra);
        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
        Assert.Equal(expected, output);
        Assert.StartsWith("sample,fat (%),spread of fat (%)\n", output);

        (exitCode, output, error) = await RunAsync(singleFolder, spectra, "--spread");
        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Contains($"{singleFolder}: --spread needs a committee of at least two networks, but this model has 1", error);

        (exitCode, _, error) = await RunAsync("--spred", committeeFolder, spectra);
        Assert.Equal(2, exitCode);
        Assert.Contains("usage: dotnet run predict.cs -- [--spread] MODEL-FOLDER SPECTRA.csv", error);
    }

    static async Task<(int? ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var run = await NirNet.NotebookRunner.ProgramRun.RunAsync("dotnet", ["run", "predict.cs", "--", .. arguments],
            Notebooks.Repository.Root, TimeSpan.FromMinutes(5));
        return (run.ExitCode, run.Output, run.Error);
    }

    /// <summary>An id column and the spectra, without the target, under the given wavelengths.</summary>
    string WriteSpectra(SpectralDataset data, string name, double[] wavelengths)
    {
        var lines = new List<string> { "sample," + string.Join(",", wavelengths.Select(w => w.ToString(CultureInfo.InvariantCulture))) };
        for (int i = 0; i < data.Count; i++)
            lines.Add(data.SampleIds[i] + "," + string.Join(",",
                Enumerable.Range(0, data.WavelengthCount).Select(j => data.Spectra[i, j].ToString(CultureInfo.InvariantCulture))));
        string path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
