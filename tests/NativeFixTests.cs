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
        Assert.Contains("_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE", error.Message); // the GLIBCXX_3.4.30 function it calls
        Assert.Contains(original, error.Message);
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public void In_the_packaged_file_GLIBCXX_3_4_32_is_carried_only_by_the_anchor_that_no_relocation_uses()
    {
        byte[] bytes = File.ReadAllBytes(original);
        var need = ElfVersions.ReadNeeds(bytes, original).Single(n => n.Version == "GLIBCXX_3.4.32");

        var symbols = ElfVersions.SymbolsOfVersion(bytes, need.Index, original);

        Assert.Equal([new DynamicSymbol("_ZSt21ios_base_library_initv", IsReferenced: false)], symbols);
        Assert.Contains(ElfVersions.SymbolsOfVersion(bytes, ElfVersions.ReadNeeds(bytes, original).Single(n => n.Version == "GLIBCXX_3.4.30").Index, original),
            s => s.IsReferenced);
    }

    string Synthetic(byte[] elf)
    {
        string path = Path.Combine(folder, "synthetic", "libLibTorchSharp.so");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, elf);
        return path;
    }

    [Fact]
    public void A_version_carried_only_by_a_symbol_no_relocation_uses_is_marked_weak()
    {
        string path = Synthetic(SyntheticElf.Build(anchorIsCalled: false));

        var result = TorchNativeFix.Prepare(path, Gcc12, Cache);

        Assert.Equal(NativeFixAction.Patched, result.Action);
        Assert.Equal([SyntheticElf.AnchorSymbol], result.UnusedSymbols);
        var needs = ElfVersions.ReadNeeds(File.ReadAllBytes(result.LibTorchSharpPath), "fixed");
        Assert.True(needs.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.False(needs.Single(n => n.Version == "GLIBCXX_3.4").IsWeak);
        Assert.Contains($"only {SyntheticElf.AnchorSymbol} carries it, and nothing calls that", result.Describe());
    }

    [Fact]
    public void A_version_whose_symbol_a_relocation_uses_is_refused_and_the_symbol_named()
    {
        string path = Synthetic(SyntheticElf.Build(anchorIsCalled: true));

        var error = Assert.Throws<NativeSetupException>(() => TorchNativeFix.Prepare(path, Gcc12, Cache));

        Assert.Contains("GLIBCXX_3.4.32", error.Message);
        Assert.Contains($"calls {SyntheticElf.AnchorSymbol}", error.Message);
        Assert.False(Directory.Exists(Cache));
    }

    [Theory]
    [InlineData(6u, (ushort)6, "links to section 6, but there are only 6")]      // sh_link past the section table
    [InlineData(1u, (ushort)6, "links to section 1, which has the wrong type")]  // .dynsym, not a string table
    [InlineData(2u, (ushort)0, "no section headers (e_shnum = 0)")]              // an error, not "nothing needed"
    [InlineData(2u, (ushort)60, "section header table lies outside the file")]
    public void A_malformed_file_is_a_typed_error_never_a_guess(uint verneedLink, ushort sectionCount, string reason)
    {
        string path = Synthetic(SyntheticElf.Build(verneedLink: verneedLink, sectionCount: sectionCount));

        var error = Assert.Throws<NativeSetupException>(() => TorchNativeFix.Prepare(path, Gcc12, Cache));

        Assert.Contains(reason, error.Message);
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public void A_cached_copy_that_differs_from_the_fix_in_any_byte_is_written_again()
    {
        string path = Synthetic(SyntheticElf.Build());
        var first = TorchNativeFix.Prepare(path, Gcc12, Cache);
        byte[] expected = File.ReadAllBytes(first.LibTorchSharpPath);
        byte[] tampered = (byte[])expected.Clone();
        tampered[^1] ^= 0xff; // still an ELF file with the version marked weak, but not the fix of this original
        File.WriteAllBytes(first.LibTorchSharpPath, tampered);

        var second = TorchNativeFix.Prepare(path, Gcc12, Cache);

        Assert.Equal(NativeFixAction.Patched, second.Action);
        Assert.Equal(expected, File.ReadAllBytes(second.LibTorchSharpPath));
    }

    [Theory]
    [InlineData("win-x64", "dotnet/TorchSharp#1567")]
    [InlineData("win-arm64", "dotnet/TorchSharp#1567")]
    [InlineData("osx-arm64", "untested")]
    public void Other_systems_with_TorchSharp_natives_are_left_to_its_loader_and_say_what_is_supported(string system, string said)
    {
        string note = Assert.IsType<string>(TorchNativeLoader.OtherSystem(system));

        Assert.Contains(said, note);
        Assert.Contains("tested on linux-x64", note);
    }

    [Theory]
    [InlineData("linux-arm64")]
    [InlineData("linux-musl-x64")]
    [InlineData("osx-x64")]
    public void Systems_without_TorchSharp_natives_are_refused_plainly(string system)
    {
        var error = Assert.Throws<NativeSetupException>(() => TorchNativeLoader.OtherSystem(system));

        Assert.Contains($"not for {system}", error.Message);
        Assert.Contains("linux-x64, win-x64 and osx-arm64 only", error.Message);
    }

    [Fact]
    public void This_machine_is_linux_x64_where_the_natives_are_loaded_explicitly()
    {
        Assert.Null(TorchNativeLoader.OtherSystem(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier));
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
