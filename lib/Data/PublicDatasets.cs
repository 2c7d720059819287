using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace NirNet.Data;

/// <summary>A public dataset that can be downloaded on demand: where it is, its licence and citation, and how to read it (chapter 1).</summary>
/// <param name="Name">A short human name.</param>
/// <param name="Url">Where to download the CSV file; pinned to a fixed version where the host allows it.</param>
/// <param name="FileName">The file name in the local cache.</param>
/// <param name="Licence">The licence the data is published under.</param>
/// <param name="Citation">Whom to credit.</param>
/// <param name="Sha256">The SHA-256 of the file at the pinned version (hex): every download and every cached copy is checked against it.</param>
/// <param name="CsvOptions">How to read the file.</param>
public sealed record PublicDataset(string Name, Uri Url, string FileName, string Licence, string Citation, string Sha256, SpectralCsvOptions CsvOptions);

/// <summary>The catalogue of public NIR regression datasets the series knows how to download and read (chapter 1).</summary>
public static class PublicDatasets
{
    /// <summary>NIR spectra of 50 fresh peaches with their sugar content (Brix); 600 wavelength columns named wl1…wl600. MIT licence.</summary>
    public static PublicDataset PeachBrix { get; } = new(
        "Peach NIR spectra with Brix",
        new Uri("https://raw.githubusercontent.com/nevernervous78/nirpyresearch/5732a44e9115a7970c8a85a63387df3396ca9f5d/data/peach_spectra_brix.csv"),
        "peach_spectra_brix.csv",
        "MIT",
        "D. Pelliccia, NIRPY Research, repository nevernervous78/nirpyresearch, data/peach_spectra_brix.csv",
        "c6575eeeb1ce133780bb327a22b64efff20714005535d435caa49b2d263e8ae9",
        new SpectralCsvOptions("Brix", "°Brix"));

    /// <summary>NIR spectra of plums with Brix and firmness; 600 columns numbered 0…599 (an index, not nm). MIT licence.</summary>
    public static PublicDataset PlumsBrix { get; } = new(
        "Plum NIR spectra with Brix and firmness",
        new Uri("https://raw.githubusercontent.com/nevernervous78/nirpyresearch/1f39dca9d48cb8fb5a5e11a7ec036dc5081feffa/data/NIRplums_Brix_firmness.csv"),
        "NIRplums_Brix_firmness.csv",
        "MIT",
        "D. Pelliccia, NIRPY Research, repository nevernervous78/nirpyresearch, data/NIRplums_Brix_firmness.csv",
        "f0d8e619bd0194ac8d727b3e7e02ec84698bc09ddc9036fa3df47baa7e121af9",
        new SpectralCsvOptions("Brix", "°Brix", KeepMetadata: true));

    /// <summary>Every entry of the catalogue.</summary>
    public static IReadOnlyList<PublicDataset> All { get; } = [PeachBrix, PlumsBrix];
}

/// <summary>Downloads catalogue files once into a cache folder and verifies them; a file that fails verification is not kept.</summary>
internal static class DatasetDownloader
{
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };

    public static string DefaultCacheFolder() => CacheFolder.Of("datasets");

    /// <summary>The cached file's path, downloading and verifying it first if it is not cached (or its copy fails verification).</summary>
    public static string Fetch(PublicDataset dataset, string cacheFolder)
    {
        string path = Path.Combine(cacheFolder, dataset.FileName);
        if (File.Exists(path))
        {
            if (string.Equals(Sha256Of(path), dataset.Sha256, StringComparison.OrdinalIgnoreCase))
                return path;
            File.Delete(path);
        }

        Directory.CreateDirectory(cacheFolder);
        string partial = path + ".part";
        Console.WriteLine($"Downloading {dataset.Name} from {dataset.Url} …");
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = Http.GetAsync(dataset.Url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
                throw new SpectralDataException($"download failed: {dataset.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}.", dataset.FileName);
            using (var body = response.Content.ReadAsStream())
            using (var file = File.Create(partial))
                body.CopyTo(file);
        }
        catch (HttpRequestException e)
        {
            File.Delete(partial);
            throw new SpectralDataException($"could not download {dataset.Url}: {e.Message}. Without internet, use Datasets.SimulatedSoil().", dataset.FileName);
        }

        string actual = Sha256Of(partial);
        if (!string.Equals(actual, dataset.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(partial);
            throw new SpectralDataException(
                $"checksum mismatch for {dataset.Url}: expected SHA-256 {dataset.Sha256}, got {actual}. The download was discarded; " +
                "the file on the server has changed or the transfer was corrupted.", dataset.FileName);
        }
        File.Move(partial, path, overwrite: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {new FileInfo(path).Length / 1024.0:F0} KB in {clock.Elapsed.TotalSeconds:F1} s, SHA-256 {actual[..16]}… verified; cached at {path}"));
        return path;
    }

    static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
