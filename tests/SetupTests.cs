using TorchSharp;

namespace NirNet.Tests;

/// <summary>Tests that use torch's global generator run alone, so that no other test draws from it in between.</summary>
[CollectionDefinition(nameof(GlobalSeed), DisableParallelization = true)]
public sealed class GlobalSeed;

[Collection(nameof(GlobalSeed))]
public sealed class SetupTests
{
    [Fact]
    public void Initialize_loads_TorchSharp_and_reports_the_versions_in_one_line()
    {
        var report = Setup.Initialize(seed: 7);
        var pins = System.Xml.Linq.XDocument.Load(Path.Combine(Notebooks.Repository.Root, "Directory.Packages.props"))
            .Descendants("PackageVersion").ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);

        Assert.Equal(pins["TorchSharp-cpu"], report.TorchSharp);
        Assert.StartsWith("2.", report.LibTorch);
        Assert.Equal(pins["Plotly.NET"], report.PlotlyNet);
        Assert.StartsWith("native: ", report.Native);
        Assert.DoesNotContain('\n', report.ToString());
        Assert.DoesNotContain("native", report.ToString());
        Assert.EndsWith($"| {report.Threads} thread{(report.Threads == 1 ? "" : "s")} | seed 7", report.ToString());
        using var sum = torch.ones(3, 4).sum();
        Assert.Equal(12f, sum.item<float>());
    }

    [Theory]
    [InlineData("Patched", "", true)]
    [InlineData("ReusedFixedCopy", "", false)]
    [InlineData("NotNeeded", "", false)]
    [InlineData("ReusedFixedCopy", "CPU kernels: not pinned (pinning is for x86-64 Linux)", true)]
    public void The_native_details_are_announced_only_when_they_are_news(string fixAction, string pinning, bool announced)
    {
        var action = Enum.Parse<Native.NativeFixAction>(fixAction);
        var fix = new Native.NativeFixResult("/cache/libLibTorchSharp.so", action, action == Native.NativeFixAction.NotNeeded ? [] : ["GLIBCXX_3.4.32"], []);

        var load = Native.NativeLoad.Of(fix, pinning);

        Assert.Equal(announced, load.Announce);
        Assert.StartsWith("native: ", load.Details);
        if (pinning.Length > 0) Assert.EndsWith($"; {pinning}", load.Details);
    }

    [Fact]
    public void Initialize_seeds_torch_so_that_draws_repeat()
    {
        Setup.Initialize(seed: 3);
        using var first = torch.randn(5);
        Setup.Initialize(seed: 3);
        using var second = torch.randn(5);

        Assert.True(first.allclose(second));
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("1", 1)]
    [InlineData(" 3 ", 3)]
    public void NIRNET_THREADS_asks_for_a_thread_count_and_one_is_the_default(string? value, int threads)
    {
        Assert.Equal(threads, Native.TorchThreads.Requested(value));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("two")]
    [InlineData("1.5")]
    public void A_bad_NIRNET_THREADS_is_a_typed_error_naming_the_variable(string value)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Native.TorchThreads.Requested(value));

        Assert.Equal("NIRNET_THREADS", error.Parameter);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public void NIRNET_THREADS_sets_torchs_thread_count()
    {
        Setup.Initialize(seed: 1);
        int before = torch.get_num_threads();
        try
        {
            Environment.SetEnvironmentVariable("NIRNET_THREADS", "2");
            Native.TorchThreads.Apply();
            Assert.Equal(2, torch.get_num_threads());
            Environment.SetEnvironmentVariable("NIRNET_THREADS", null);
            Native.TorchThreads.Apply();
            Assert.Equal(1, torch.get_num_threads());
        }
        finally
        {
            Environment.SetEnvironmentVariable("NIRNET_THREADS", null);
            torch.set_num_threads(before);
        }
    }

    [Fact]
    public void On_Linux_glibc_is_told_to_keep_freed_memory_for_reuse()
    {
        // Debian and the other glibc systems accept both settings; elsewhere the call does nothing.
        Assert.Equal(OperatingSystem.IsLinux(), Native.GlibcHeap.KeepFreedMemory());
    }
}
