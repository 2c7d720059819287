using System.Net;
using System.Security.Cryptography;
using System.Text;
using NirNet.Data;

namespace NirNet.Tests;

/// <summary>The download path, against a file server on 127.0.0.1 (no internet needed).</summary>
public sealed class DownloadTests : IDisposable
{
    const string Csv = "Brix,wl1,wl2,wl3\n15.5,-1.03,-1.02,-1.01\n16.7,-1.13,-1.12,-1.11\n";
    readonly string cache = Directory.CreateTempSubdirectory("nirnet-cache-").FullName;
    readonly HttpListener server = new();
    readonly string baseUrl;
    int requests;

    public DownloadTests()
    {
        int port = FreePort();
        baseUrl = $"http://127.0.0.1:{port}/";
        server.Prefixes.Add(baseUrl);
        server.Start();
        _ = Task.Run(Serve);
    }

    async Task Serve()
    {
        while (server.IsListening)
        {
            HttpListenerContext context;
            try { context = await server.GetContextAsync(); }
            catch (Exception) { return; }
            Interlocked.Increment(ref requests);
            byte[] body = Encoding.UTF8.GetBytes(Csv);
            context.Response.StatusCode = context.Request.Url!.AbsolutePath == "/peach.csv" ? 200 : 404;
            if (context.Response.StatusCode == 200) await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        server.Stop();
        server.Close();
        Directory.Delete(cache, recursive: true);
    }

    PublicDataset Entry(string file = "peach.csv", string? sha256 = null) =>
        PublicDatasets.PeachBrix with { Url = new Uri(baseUrl + file), FileName = file, Sha256 = sha256 ?? Sha256(Csv) };

    static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Downloads_once_verifies_and_loads_from_the_cache_afterwards()
    {
        var entry = Entry();

        var first = Datasets.Download(entry, cache);
        var second = Datasets.Download(entry, cache);

        Assert.Equal(2, first.Count);
        Assert.Equal(first.Target, second.Target);
        Assert.Equal(1, requests);
        Assert.True(File.Exists(Path.Combine(cache, "peach.csv")));
    }

    [Fact]
    public void Checksum_mismatch_is_an_error_and_nothing_is_kept()
    {
        var entry = Entry(sha256: new string('0', 64));

        var error = Assert.Throws<SpectralDataException>(() => Datasets.Download(entry, cache));

        Assert.Contains("checksum mismatch", error.Message);
        Assert.Empty(Directory.GetFiles(cache));
    }

    [Fact]
    public void A_corrupted_cached_copy_is_fetched_again()
    {
        var entry = Entry();
        Datasets.Download(entry, cache);

        File.WriteAllText(Path.Combine(cache, "peach.csv"), "Brix,wl1\ncorrupted,1\n");
        var again = Datasets.Download(entry, cache);

        Assert.Equal(2, again.Count);
        Assert.Equal(2, requests);
    }

    [Fact]
    public void Http_error_names_the_url_and_status()
    {
        var error = Assert.Throws<SpectralDataException>(() => Datasets.Download(Entry("missing.csv"), cache));

        Assert.Contains("404", error.Message);
        Assert.Contains(baseUrl + "missing.csv", error.Message);
        Assert.Empty(Directory.GetFiles(cache));
    }

    [Fact]
    public void Catalogue_entries_are_complete_and_pinned()
    {
        Assert.All(PublicDatasets.All, d =>
        {
            Assert.Equal("https", d.Url.Scheme);
            Assert.Matches("/[0-9a-f]{40}/", d.Url.AbsolutePath);
            Assert.False(string.IsNullOrWhiteSpace(d.Licence));
            Assert.False(string.IsNullOrWhiteSpace(d.Citation));
            Assert.EndsWith(".csv", d.FileName);
            Assert.Matches("^[0-9a-f]{64}$", d.Sha256);
        });
    }
}
