using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace NirNet.Data;

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
