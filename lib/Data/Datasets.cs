namespace NirNet.Data;

/// <summary>Where the series' data comes from: the datasets shipped in <c>data/</c> (the simulated soil spectra, Tecator's meat spectra), or a public dataset downloaded on demand (chapter 1).</summary>
public static class Datasets
{
    /// <summary>
    /// The simulated soil Vis–NIR dataset shipped in <c>data/</c> (see <see cref="SoilSpectraSimulator"/>): 400 soils,
    /// 211 wavelengths from 400 to 2500 nm, target soil organic matter (SOM, %), with clay and moisture kept as metadata.
    /// </summary>
    public static SpectralDataset SimulatedSoil() =>
        SpectralDataset.LoadCsv(DataFile(SoilSpectraSimulator.ShippedFileName),
            new SpectralCsvOptions("SOM", "%", IdColumn: "sample", KeepMetadata: true, AxisUnit: SpectralAxisUnit.Nanometres));

    /// <summary>
    /// The Tecator meat dataset shipped in <c>data/tecator.csv</c> (chapter 8): 215 samples of finely chopped meat, absorbance
    /// spectra of 100 channels from 850 to 1048 nm every 2 nm (Tecator Infratec Food and Feed Analyzer, near-infrared
    /// transmission), and moisture, fat and protein in %. The chosen property is the target; the other two are kept as
    /// metadata. The classical split is the file's order, <c>SplitInOrder(129, 43)</c>: the original training (129 samples),
    /// monitoring (43, our validation) and test (43) sets. Publications that use the data name Tecator and the instrument
    /// (<c>data/tecator-LICENSE.txt</c>).
    /// </summary>
    /// <param name="target"><c>fat</c> (the default), <c>moisture</c> or <c>protein</c>.</param>
    public static SpectralDataset Tecator(string target = "fat")
    {
        if (!TecatorProperties.Contains(target))
            throw new InvalidSettingException(nameof(target),
                $"'{target}' is not a Tecator property; use one of {string.Join(", ", TecatorProperties)} (all in %).");
        return SpectralDataset.LoadCsv(DataFile(TecatorFileName),
            new SpectralCsvOptions(target, "%", IdColumn: "sample", KeepMetadata: true, AxisUnit: SpectralAxisUnit.Nanometres));
    }

    /// <summary>The file of the Tecator dataset in <c>data/</c>.</summary>
    internal const string TecatorFileName = "tecator.csv";

    static readonly string[] TecatorProperties = ["moisture", "fat", "protein"];

    /// <summary>Downloads a public dataset once into the local cache (verified by its checksum), then loads it.</summary>
    /// <param name="dataset">A catalogue entry, for example <see cref="PublicDatasets.PeachBrix"/>.</param>
    /// <param name="cacheFolder">Where downloads are kept; by default <c>~/.cache/nirnet/datasets</c>.</param>
    public static SpectralDataset Download(PublicDataset dataset, string? cacheFolder = null) =>
        SpectralDataset.LoadCsv(DatasetDownloader.Fetch(dataset, cacheFolder ?? DatasetDownloader.DefaultCacheFolder()), dataset.CsvOptions);

    /// <summary>The path of a file in the repository's <c>data/</c> folder, found from the library's location or the current folder.</summary>
    internal static string DataFile(string name)
    {
        string? root = RepositoryRoot.Find(Path.GetDirectoryName(typeof(Datasets).Assembly.Location), Directory.GetCurrentDirectory());
        string? path = root is null ? null : Path.Combine(root, "data", name);
        return path is not null && File.Exists(path)
            ? path
            : throw new SpectralDataException(
                $"could not find data/{name} in the repository above {typeof(Datasets).Assembly.Location} or {Directory.GetCurrentDirectory()}. " +
                "Run from a clone of the series, or load the file with SpectralDataset.LoadCsv(path, options).", name);
    }
}
