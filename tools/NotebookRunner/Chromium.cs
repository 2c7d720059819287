using PuppeteerSharp;

namespace NirNet.NotebookRunner;

/// <summary>
/// Debian's headless Chromium, driven through PuppeteerSharp, with the plotly.js that Plotly.NET embeds: renders charts
/// to PNG for the committed notebooks, and opens the book's pages for its tests. Nothing is downloaded: the browser is
/// the installed one (<c>apt-get install chromium</c>) and plotly.js comes from the Plotly.NET package.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    readonly IBrowser browser;

    Chromium(IBrowser browser) => this.browser = browser;

    /// <summary>The environment variable that names a Chromium executable other than the one on the PATH.</summary>
    public const string ExecutableVariable = "NIRNET_CHROMIUM";

    /// <summary>Starts a headless Chromium; fails with what to install when there is none.</summary>
    /// <param name="arguments">More command-line switches (for example, to make the network unreachable).</param>
    public static async Task<Chromium> StartAsync(params string[] arguments)
    {
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = FindExecutable(),
            Args = ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", .. arguments],
        });
        return new Chromium(browser);
    }

    /// <summary>The Chromium to use: <see cref="ExecutableVariable"/>, else <c>chromium</c> or <c>chromium-browser</c> on the PATH.</summary>
    public static string FindExecutable()
    {
        if (Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured)
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"{ExecutableVariable} names {configured}, which does not exist.");
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return path.SelectMany(folder => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("Rendering charts to images and testing the book need a headless Chromium, and "
                + "none is on the PATH: install Debian's (`apt-get install chromium`; tests/run, the README's test command, does it), or set "
                + $"{ExecutableVariable} to a Chromium executable.");
    }

    /// <summary>Opens a new tab.</summary>
    public Task<IPage> NewPageAsync() => browser.NewPageAsync();

    /// <summary>Renders each chart as plotly.js draws it, at the size its layout sets, to PNG.</summary>
    public async Task<IReadOnlyList<byte[]>> RenderAsync(IReadOnlyList<PlotlyChart> charts)
    {
        if (charts.Count == 0)
            return [];
        await using var page = await browser.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>");
        await page.AddScriptTagAsync(new AddTagOptions { Content = PlotlyJs.Source });
        var images = new List<byte[]>();
        foreach (var chart in charts)
        {
            var (width, height) = chart.Size;
            string image = await page.EvaluateFunctionAsync<string>(
                "(data, layout, config, width, height) => Plotly.toImage("
                + "{data: JSON.parse(data), layout: JSON.parse(layout), config: JSON.parse(config)},"
                + " {format: 'png', width: width, height: height})",
                chart.Data.ToJsonString(), chart.Layout.ToJsonString(), chart.Config.ToJsonString(), width, height);
            images.Add(PalettePng.Encode(width, height, await PixelsAsync(page, image, width, height)));
        }
        return images;
    }

    /// <summary>
    /// The RGBA pixels of an image (a URL, such as the data URL of plotly.js's PNG export, which is true colour;
    /// <see cref="PalettePng"/> encodes it in a third of the size), decoded by the browser at the given size.
    /// </summary>
    public static async Task<byte[]> PixelsAsync(IPage page, string imageUrl, int width, int height) =>
        Convert.FromBase64String(await page.EvaluateFunctionAsync<string>("""
            async (url, width, height) => {
                const image = new Image();
                image.src = url;
                await image.decode();
                const canvas = document.createElement('canvas');
                canvas.width = width;
                canvas.height = height;
                const context = canvas.getContext('2d');
                context.drawImage(image, 0, 0);
                const bytes = context.getImageData(0, 0, width, height).data;
                let text = '';
                for (let i = 0; i < bytes.length; i += 0x8000)
                    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
                return btoa(text);
            }
            """, imageUrl, width, height));

    /// <summary>Closes the browser.</summary>
    public async ValueTask DisposeAsync() => await browser.DisposeAsync();
}

/// <summary>The plotly.js that Plotly.NET embeds and references (<c>PlotlyJSReference.Full</c>): one local copy, no CDN.</summary>
internal static class PlotlyJs
{
    /// <summary>The file name it has in the book.</summary>
    public const string FileName = "plotly-2.28.0.min.js";

    /// <summary>The script's text.</summary>
    public static string Source { get; } = Read();

    static string Read()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Plotly.NET.{FileName}")
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} embeds no {FileName}; "
                + "the pinned Plotly.NET (Directory.Packages.props) is 6.0.0, which does.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
