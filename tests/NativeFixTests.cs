using NirNet.Native;

namespace NirNet.Tests;

/// <summary>The ELF logic of the TorchSharp native fix, on copies of the real file, for systems with and without GLIBCXX_3.4.32.</summary>
public sealed class NativeFixTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-native-").FullName;
    readonly string original;

    public NativeFixTests()
    {
        string packaged = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        original = Path.Combine(folder, "source", "libLibTorchSharp.so");
        Directory.CreateDirectory(Path.GetDirectoryName(original)!);
        File.Copy(packaged, original);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static HashSet<string> Gcc12 => [.. Enumerable.Range(0, 31).Select(i => i == 0 ? "GLIBCXX_3.4" : $"GLIBCXX_3.4.{i}"),
        .. Enumerable.Range(1, 13).Select(i => $"CXXABI_1.3.{i}"), "CXXABI_1.3"];

    static HashSet<string> Gcc13 => [.. Gcc12, "GLIBCXX_3.4.31", "GLIBCXX_3.4.32", "CXXABI_1.3.14"];

    string Cache => Path.Combine(folder, "cache");

    [Fact]
    public void Packaged_file_needs_GLIBCXX_3_4_32_strongly()
    {
        var needs = ElfVersions.ReadNeeds(File.ReadAllBytes(original), original);
        var need = Assert.Single(needs, n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", need.Library);
        Assert.False(need.IsWeak);
    }

    [Fact]
    public void Without_GLIBCXX_3_4_32_a_fixed_copy_is_written_and_the_original_is_untouched()
    {
        byte[] before = File.ReadAllBytes(original);

        var result = TorchNativeFix.Prepare(original, Gcc12, Cache);

        Assert.Equal(NativeFixAction.Patched, result.Action);
        Assert.Equal(["GLIBCXX_3.4.32"], result.WeakenedVersions);
        Assert.StartsWith(Cache, result.LibTorchSharpPath);
        Assert.Equal(before, File.ReadAllBytes(original));
        byte[] fixedBytes = File.ReadAllBytes(result.LibTorchSharpPath);
        Assert.Equal(before.Length, fixedBytes.Length);
        Assert.Equal(1, before.Zip(fixedBytes).Count(p => p.First != p.Second));
        var needs = ElfVersions.ReadNeeds(fixedBytes, result.LibTorchSharpPath);
        Assert.True(needs.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.All(needs.Where(n => n.Version != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));
        Assert.Contains("marked GLIBCXX_3.4.32 weak", result.Describe());
    }

    [Fact]
    public void An_already_fixed_copy_is_reused_and_never_rewritten()
    {
        var first = TorchNativeFix.Prepare(original, Gcc12, Cache);
        var written = File.GetLastWriteTimeUtc(first.LibTorchSharpPath);
        File.SetLastWriteTimeUtc(first.LibTorchSharpPath, written.AddHours(-1));

        var second = TorchNativeFix.Prepare(original, Gcc12, Cache);

        Assert.Equal(NativeFixAction.ReusedFixedCopy, second.Action);
        Assert.Equal(first.LibTorchSharpPath, second.LibTorchSharpPath);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(second.LibTorchSharpPath));
    }

    [Fact]
    public void A_broken_copy_in_the_cache_is_replaced()
    {
        var first = TorchNativeFix.Prepare(original, Gcc12, Cache);
        File.Copy(original, first.LibTorchSharpPath, overwrite: true);

        var second = TorchNativeFix.Prepare(original, Gcc12, Cache);

        Assert.Equal(NativeFixAction.Patched, second.Action);
        Assert.True(ElfVersions.ReadNeeds(File.ReadAllBytes(second.LibTorchSharpPath), "fixed").Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
    }

    [Fact]
    public void With_GLIBCXX_3_4_32_nothing_is_written_and_the_original_is_used()
    {
        var result = TorchNativeFix.Prepare(original, Gcc13, Cache);

        Assert.Equal(NativeFixAction.NotNeeded, result.Action);
        Assert.Equal(original, result.LibTorchSharpPath);
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public void Other_missing_versions_are_refused_with_a_clear_error()
    {
        var olderSystem = Gcc12.Where(v => v is not "GLIBCXX_3.4.30" and not "GLIBCXX_3.4.29").ToHashSet();

        var error = Assert.Throws<NativeSetupException>(() => TorchNativeFix.Prepare(original, olderSystem, Cache));

        Assert.Contains("GLIBCXX_3.4.30", error.Message);
        Assert.Contains(original, error.Message);
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_a_typed_error()
    {
        string text = Path.Combine(folder, "not-elf.so");
        File.WriteAllText(text, "hello");

        var error = Assert.Throws<NativeSetupException>(() => TorchNativeFix.Prepare(text, Gcc12, Cache));

        Assert.Contains("not an ELF file", error.Message);
    }

    [Fact]
    public void A_truncated_file_is_a_typed_error()
    {
        string truncated = Path.Combine(folder, "truncated.so");
        File.WriteAllBytes(truncated, File.ReadAllBytes(original)[..4096]);

        Assert.Throws<NativeSetupException>(() => ElfVersions.ReadNeeds(File.ReadAllBytes(truncated), truncated));
    }

    [Fact]
    public void This_systems_libstdcxx_definitions_are_read()
    {
        string libstdcxx = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6" }.First(File.Exists);

        var definitions = ElfVersions.ReadDefinitions(File.ReadAllBytes(libstdcxx), libstdcxx);

        Assert.Contains("GLIBCXX_3.4", definitions);
        Assert.Contains("GLIBCXX_3.4.26", definitions);
        Assert.Contains("CXXABI_1.3", definitions);
    }
}
