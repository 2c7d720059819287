namespace NirNet.Tests;

/// <summary>
/// The set-up cell warns when the kernel runs other code than lib/ holds: a rebuilt NirNet.dll (the kernel keeps the one
/// it loaded) or sources newer than the build (the build cell was skipped). Checked on a copy of the real NirNet.dll in a
/// repository-like folder.
/// </summary>
public sealed class StaleBuildTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("nirnet-stale-").FullName;
    readonly string dll;
    readonly Guid build = typeof(Setup).Assembly.ManifestModule.ModuleVersionId;
    readonly DateTime built = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public StaleBuildTests()
    {
        File.WriteAllText(Path.Combine(root, "NirNet.slnx"), ""); // the repository's marker
        dll = Path.Combine(root, "lib", "bin", "Release", "net10.0", "NirNet.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(dll)!);
        File.Copy(typeof(Setup).Assembly.Location, dll);
        File.SetLastWriteTimeUtc(dll, built);
        Source("NirNet.csproj", built.AddMinutes(-10));
        Source("Setup.cs", built.AddMinutes(-10));
        Source(Path.Combine("Training", "Trainer.cs"), built.AddMinutes(-10));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    void Source(string relativePath, DateTime written)
    {
        string path = Path.Combine(root, "lib", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, written);
    }

    [Fact]
    public void The_build_that_was_loaded_with_older_sources_gives_no_warning()
    {
        Assert.Equal(build, StaleBuild.ModuleVersionId(dll));
        Assert.Null(StaleBuild.Warning(build, dll));
    }

    [Fact]
    public void A_dll_rebuilt_after_it_was_loaded_asks_to_restart_the_kernel()
    {
        string? warning = StaleBuild.Warning(Guid.NewGuid(), dll);

        Assert.NotNull(warning);
        Assert.StartsWith("WARNING: NirNet.dll was rebuilt after this kernel loaded it", warning);
        Assert.Contains("restart the kernel", warning);
    }

    [Theory]
    [InlineData("Setup.cs", "lib/Setup.cs")]
    [InlineData("Training/Trainer.cs", "lib/Training/Trainer.cs")]
    [InlineData("NirNet.csproj", "lib/NirNet.csproj")]
    [InlineData("Models/New.cs", "lib/Models/New.cs")]
    public void A_source_newer_than_the_dll_asks_for_the_build_cell_and_a_restart(string source, string named)
    {
        Source(source, built.AddMinutes(1));

        string? warning = StaleBuild.Warning(build, dll);

        Assert.NotNull(warning);
        Assert.StartsWith($"WARNING: {named} changed after NirNet.dll was built", warning);
        Assert.Contains("run the build cell above, restart the kernel", warning);
    }

    [Fact]
    public void Build_output_and_other_files_are_not_sources()
    {
        Source(Path.Combine("obj", "Release", "net10.0", "NirNet.AssemblyInfo.cs"), built.AddMinutes(1));
        Source(Path.Combine("bin", "Release", "net10.0", "NirNet.xml"), built.AddMinutes(1));
        Source("README.md", built.AddMinutes(1));

        Assert.Null(StaleBuild.Warning(build, dll));
    }

    [Fact]
    public void A_copy_outside_lib_bin_is_not_compared_with_the_sources()
    {
        string copy = Path.Combine(root, "tests", "bin", "NirNet.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(dll, copy);
        File.SetLastWriteTimeUtc(copy, built);
        Source("Setup.cs", built.AddMinutes(1));

        Assert.Null(StaleBuild.Warning(build, copy));
        Assert.NotNull(StaleBuild.Warning(Guid.NewGuid(), copy));
    }

    [Fact]
    public void An_assembly_not_loaded_from_a_file_gives_no_warning()
    {
        Assert.Null(StaleBuild.Warning(Guid.NewGuid(), ""));
        Assert.Null(StaleBuild.Warning(Guid.NewGuid(), Path.Combine(root, "missing.dll")));
    }

    [Fact]
    public void This_test_run_uses_a_current_build()
    {
        Assert.Null(StaleBuild.Warning());
    }
}
