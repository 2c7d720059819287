using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NirNet.Data;
using NirNet.Models;
using NirNet.Training;
using NirNet.Engine;

namespace NirNet.Tests;

/// <summary>Tests that replace the console or the process's default culture, or start collections, run alone, never beside another test.</summary>
[CollectionDefinition(nameof(ProcessWideState), DisableParallelization = true)]
public sealed class ProcessWideState;

/// <summary>
/// Every number a reader or a file sees is invariant: the same work (training with progress lines, the tables, a CSV
/// written and read, a model saved and loaded, charts) prints exactly the same text on a German or French machine as
/// under the invariant culture. Times are masked, since they change from run to run.
/// </summary>
[Collection(nameof(ProcessWideState))]
public sealed partial class CultureTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-culture-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    public void Everything_printed_or_written_is_the_same_under_a_european_culture(string culture)
    {
        string invariant = Under(CultureInfo.InvariantCulture, () => Work("invariant"));
        string local = Under(CultureInfo.GetCultureInfo(culture), () => Work(culture));

        Assert.Contains("epoch", invariant);
        Assert.Contains("dropout 0.1", invariant);
        Assert.Equal(invariant, local);
    }

    /// <summary>The work under test; every text it shows or writes, joined, with times masked.</summary>
    string Work(string name)
    {
        var text = new StringBuilder();
        void Add(string title, string value) => text.Append("## ").Append(title).Append('\n').Append(value.ReplaceLineEndings("\n")).Append('\n');

        // A CSV with decimals, written by the library's invariant rules and read back.
        string csv = Path.Combine(folder, $"{name}.csv");
        var soil = Datasets.SimulatedSoil().Subset([.. Enumerable.Range(0, 60)]);
        File.WriteAllText(csv, Csv(soil));
        var data = SpectralDataset.LoadCsv(csv, new SpectralCsvOptions("SOM", "%", IdColumn: "sample", AxisUnit: SpectralAxisUnit.Nanometres));
        Add("dataset", data.ToString().Replace(name, "data"));
        var scaled = data.Split(0.25, 0.25, seed: 3).Standardize();

        // Training with progress lines on, as a reader sees it in a console.
        var options = new TrainingOptions(Epochs: 6, BatchSize: 8, ProgressLines: 3, Seed: 1);
        var net = Networks.Mlp(data.WavelengthCount, [8], "relu", seed: 1);
        var (history, lines) = Printed(() => Trainer.Fit(net, scaled.Train, scaled.Validation, options));
        Add("progress", lines);
        Add("history", history.ToString());
        var comparison = Stacked.Compare([new MlpRun([8], "relu", 1), new MlpRun([8], "tanh", 1)], scaled.Train, scaled.Validation,
            options with { ProgressLines = 0 });
        Add("comparison", comparison.ToString());
        // The table's last column is the wall time.
        Add("results table", Regex.Replace(comparison.Table(threshold: 1.5).ToString(), @"\d+(?:[.,]\d+)?(?=[ \t]*$)", "…", RegexOptions.Multiline));
        Add("metrics table", comparison.Evaluate(scaled.Test, scaled.TargetScaler).ToString());
        var measured = scaled.TargetScaler.InverseTransform(scaled.Test.Target);
        Add("metrics", RegressionMetrics.Of(measured, RegressionMetrics.Predict(net, scaled.Test, scaled.TargetScaler)).ToString());

        // A model saved and loaded, and its predictions written as CSV.
        var model = TrainedModel.Of(net, scaled);
        string saved = Path.Combine(folder, name + "-model");
        model.Save(saved);
        Add("model.json", Regex.Replace(File.ReadAllText(Path.Combine(saved, "model.json")), "\"savedBy\": \"[^\"]*\"", "\"savedBy\": \"…\""));
        var loaded = TrainedModel.Load(saved);
        Add("model", loaded.ToString());
        Add("dropout model", TrainedModel.Of(Networks.Mlp(data.WavelengthCount, [8], "relu", dropout: 0.1, seed: 1), scaled).ToString());
        var predictions = loaded.Predict(data);
        Add("predictions", predictions.ToString());
        Add("predictions.csv", predictions.ToCsv());

        // Charts, as the notebook shows them (their element ids are new each time).
        Add("loss chart", Charts.ToHtml(Charts.LossCurves([history])));
        Add("spectra chart", Charts.ToHtml(Charts.Spectra(data, count: 3)));
        Add("predicted chart", Charts.ToHtml(Charts.PredictedVsMeasured(data.Target, predictions.Values, data.TargetLabel)));
        return MaskTimesAndIds(text.ToString());
    }

    /// <summary>The dataset as a CSV file, numbers written as the invariant culture writes them.</summary>
    static string Csv(SpectralDataset data)
    {
        var csv = new StringBuilder("sample,SOM,").AppendJoin(',', data.Wavelengths.Select(w => w.ToString(CultureInfo.InvariantCulture))).Append('\n');
        for (int i = 0; i < data.Count; i++)
        {
            csv.Append(data.SampleIds[i]).Append(',').Append(data.Target[i].ToString(CultureInfo.InvariantCulture));
            for (int j = 0; j < data.WavelengthCount; j++) csv.Append(',').Append(data.Spectra[i, j].ToString(CultureInfo.InvariantCulture));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    /// <summary><paramref name="work"/> run with <paramref name="culture"/> as the current and default culture of every thread.</summary>
    static string Under(CultureInfo culture, Func<string> work)
    {
        var (current, currentUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var (defaultCulture, defaultUi) = (CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = culture;
            return work();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (current, currentUi);
            (CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture) = (defaultCulture, defaultUi);
        }
    }

    /// <summary>What <paramref name="work"/> returns and what it wrote to the console.</summary>
    static (T Result, string Printed) Printed<T>(Func<T> work)
    {
        var original = Console.Out;
        using var captured = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(captured);
        try
        {
            return (work(), captured.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    /// <summary>The text with each time in seconds, and each chart's element id, replaced by a placeholder.</summary>
    static string MaskTimesAndIds(string text) =>
        Guid().Replace(Seconds().Replace(text, "… s"), "…");

    [GeneratedRegex(@"\d+(?:[.,]\d+)? s\b")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")]
    private static partial Regex Guid();
}
