using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace NirNet.Data;

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
