using System.Security.Cryptography;

namespace NirNet.Native;

/// <summary>What <see cref="TorchNativeFix.Prepare"/> did.</summary>
internal enum NativeFixAction
{
    /// <summary>The system's libstdc++ provides every version TorchSharp needs: the package's file is used as it is.</summary>
    NotNeeded,
    /// <summary>A fixed copy was written to the cache folder.</summary>
    Patched,
    /// <summary>A fixed copy written by an earlier run was found, byte for byte what this run would write, and used.</summary>
    ReusedFixedCopy,
}

/// <summary>The file to load and how it came to be.</summary>
/// <param name="LibTorchSharpPath">The <c>libLibTorchSharp.so</c> to load.</param>
/// <param name="Action">What was done.</param>
/// <param name="WeakenedVersions">The libstdc++ versions marked weak (none when nothing was needed).</param>
/// <param name="UnusedSymbols">The symbols that carry those versions, none of which the file calls.</param>
internal sealed record NativeFixResult(string LibTorchSharpPath, NativeFixAction Action, IReadOnlyList<string> WeakenedVersions, IReadOnlyList<string> UnusedSymbols)
{
    /// <summary>One line for the setup report.</summary>
    public string Describe()
    {
        string versions = string.Join(", ", WeakenedVersions);
        string why = UnusedSymbols.Count == 0
            ? "system libstdc++ lacks it; no symbol carries it"
            : $"system libstdc++ lacks it; only {string.Join(", ", UnusedSymbols)} carries it, and nothing calls that";
        return Action switch
        {
            NativeFixAction.NotNeeded => "native: TorchSharp's own libLibTorchSharp.so (system libstdc++ is new enough)",
            NativeFixAction.Patched => $"native: marked {versions} weak in a copy of libLibTorchSharp.so at {LibTorchSharpPath} ({why})",
            NativeFixAction.ReusedFixedCopy => $"native: reused the fixed copy {LibTorchSharpPath} with {versions} marked weak ({why})",
            _ => throw new ArgumentOutOfRangeException(nameof(Action), Action, "unknown action"),
        };
    }
}

/// <summary>
/// TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> was built with GCC 13 and declares that it needs
/// <c>GLIBCXX_3.4.32</c>, which GCC 12's libstdc++ (Debian 12) lacks, so the dynamic loader refuses it.
/// The only symbol of that version is <c>std::ios_base_library_init</c>, an anchor that no relocation refers to, so
/// nothing ever calls it. Marking that version-need weak in a private copy makes the file load; the package and the
/// system stay untouched. The decision rests on the file itself, not on a list of names: a missing version is marked
/// weak only when no relocation refers to any symbol that carries it; otherwise the file is refused, because the first
/// call of such a symbol would abort the process.
/// </summary>
internal static class TorchNativeFix
{
    /// <summary>
    /// Returns the <c>libLibTorchSharp.so</c> to load: the original when the system provides every needed libstdc++ version,
    /// otherwise a fixed copy under <paramref name="cacheRoot"/>, written once and reused only while it is byte for byte
    /// the fix of the original (a changed or damaged copy is written again).
    /// </summary>
    public static NativeFixResult Prepare(string libTorchSharp, IReadOnlySet<string> systemLibStdCxxVersions, string cacheRoot)
    {
        byte[] bytes = File.ReadAllBytes(libTorchSharp);
        var missing = ElfVersions.ReadNeeds(bytes, libTorchSharp)
            .Where(n => n.Library.StartsWith("libstdc++", StringComparison.Ordinal) && !n.IsWeak && !systemLibStdCxxVersions.Contains(n.Version))
            .ToList();
        if (missing.Count == 0)
            return new NativeFixResult(libTorchSharp, NativeFixAction.NotNeeded, [], []);

        var versions = missing.Select(n => n.Version).ToList();
        var symbols = missing.SelectMany(n => ElfVersions.SymbolsOfVersion(bytes, n.Index, libTorchSharp)).ToList();
        var called = symbols.Where(s => s.IsReferenced).Select(s => s.Name).ToList();
        if (called.Count > 0)
            throw new NativeSetupException(
                $"{libTorchSharp} needs {string.Join(", ", versions)} of libstdc++.so.6, which this system's libstdc++ does not provide, " +
                $"and it calls {string.Join(", ", called)} of that version, so the need cannot be marked weak (the first call would abort the process). " +
                "Use a system with a newer libstdc++ (GCC 13 or later).");

        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        ElfVersions.MarkWeak(bytes, missing);
        var unused = symbols.Select(s => s.Name).ToList();
        string folder = Path.Combine(cacheRoot, $"libtorchsharp-{hash}");
        string target = Path.Combine(folder, Path.GetFileName(libTorchSharp));
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes))
            return new NativeFixResult(target, NativeFixAction.ReusedFixedCopy, versions, unused);

        Directory.CreateDirectory(folder);
        string temporary = $"{target}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, target, overwrite: true);
        return new NativeFixResult(target, NativeFixAction.Patched, versions, unused);
    }
}
