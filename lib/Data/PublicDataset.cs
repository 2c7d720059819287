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
