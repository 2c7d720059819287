using System.Security.Cryptography;

namespace NirNet.Native;

/// <summary>What <see cref="TorchNativeFix.Prepare"/> did.</summary>
internal enum NativeFixAction
{
    /// <summary>The system's libstdc++ provides every version TorchSharp needs: the package's file is used as it is.</summary>
    NotNeeded,
    /// <summary>A fixed copy was written to the cache folder.</summary>
    Patched,
    /// <summary>A fixed copy written by an earlier run was found and used, unchanged.</summary>
    ReusedFixedCopy,
}

/// <summary>The file to load and how it came to be.</summary>
internal sealed record NativeFixResult(string LibTorchSharpPath, NativeFixAction Action, IReadOnlyList<string> WeakenedVersions)
{
    /// <summary>One line for the setup report.</summary>
    public string Describe() => Action switch
    {
        NativeFixAction.NotNeeded => "native: TorchSharp's own libLibTorchSharp.so (system libstdc++ is new enough)",
        NativeFixAction.Patched => $"native: marked {string.Join(", ", WeakenedVersions)} weak in a copy of libLibTorchSharp.so at {LibTorchSharpPath} (system libstdc++ lacks it)",
        _ => $"native: reused the fixed copy {LibTorchSharpPath} ({string.Join(", ", WeakenedVersions)} weak; system libstdc++ lacks it)",
    };
}

/// <summary>
/// TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> was built with GCC 13 and declares that it needs
/// <c>GLIBCXX_3.4.32</c>, which GCC 12's libstdc++ (Debian 12) lacks, so the dynamic loader refuses it.
/// The only symbol of that version is <c>std::ios_base_library_init</c>, an anchor that no code calls.
/// Marking that one version-need weak in a private copy makes the file load; the package and the system stay untouched.
/// </summary>
internal static class TorchNativeFix
{
    /// <summary>Versions known to be referenced only by the unused iostream anchor symbol, hence safe to mark weak.</summary>
    static readonly HashSet<string> SafeToWeaken = new(StringComparer.Ordinal) { "GLIBCXX_3.4.32" };

    /// <summary>
    /// Returns the <c>libLibTorchSharp.so</c> to load: the original when the system provides every needed libstdc++ version,
    /// otherwise a fixed copy under <paramref name="cacheRoot"/> (written once; an existing fixed copy is never rewritten).
    /// </summary>
    public static NativeFixResult Prepare(string libTorchSharp, IReadOnlySet<string> systemLibStdCxxVersions, string cacheRoot)
    {
        byte[] bytes = File.ReadAllBytes(libTorchSharp);
        var missing = ElfVersions.ReadNeeds(bytes, libTorchSharp)
            .Where(n => n.Library.StartsWith("libstdc++", StringComparison.Ordinal) && !n.IsWeak && !systemLibStdCxxVersions.Contains(n.Version))
            .ToList();
        if (missing.Count == 0)
            return new NativeFixResult(libTorchSharp, NativeFixAction.NotNeeded, []);

        var versions = missing.Select(n => n.Version).ToList();
        var unknown = versions.Where(v => !SafeToWeaken.Contains(v)).ToList();
        if (unknown.Count > 0)
            throw new NativeSetupException(
                $"{libTorchSharp} needs {string.Join(", ", versions)} of libstdc++.so.6, which this system's libstdc++ does not provide. " +
                $"Only {string.Join(", ", SafeToWeaken)} is known to be safe to mark weak; {string.Join(", ", unknown)} is not. " +
                "Use a system with a newer libstdc++ (GCC 13 or later).");

        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        string folder = Path.Combine(cacheRoot, $"libtorchsharp-{hash}");
        string target = Path.Combine(folder, Path.GetFileName(libTorchSharp));
        if (File.Exists(target) && IsFixed(target, missing))
            return new NativeFixResult(target, NativeFixAction.ReusedFixedCopy, versions);

        ElfVersions.MarkWeak(bytes, missing);
        Directory.CreateDirectory(folder);
        string temporary = $"{target}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, target, overwrite: true);
        return new NativeFixResult(target, NativeFixAction.Patched, versions);
    }

    static bool IsFixed(string path, IReadOnlyList<VersionNeed> mustBeWeak)
    {
        var needs = ElfVersions.ReadNeeds(File.ReadAllBytes(path), path);
        return mustBeWeak.All(m => needs.Any(n => n.Library == m.Library && n.Version == m.Version && n.IsWeak));
    }
}
