using System.Diagnostics;
using NirNet.Native;

namespace NirNet.Tests;

/// <summary>
/// The same code must give the same bits on every x86-64 machine with AVX2. Another CPU cannot be borrowed here, so other
/// CPUs are stood in for by the environment variables through which libtorch's CPU libraries pick their code — the choices
/// a CPU would otherwise make for them. <c>tests/Apps/dispatch-fingerprint.cs</c> trains the networks whose numbers moved
/// between two real machines (the CNN of chapters 7 and 8, dropout, Tecator MLPs) and prints their fingerprints.
/// </summary>
public sealed class CpuDispatchTests
{
    /// <summary>An older CPU's choices: ATen's scalar kernels, oneDNN at SSE4.1, MKL's compatible branch.</summary>
    static readonly Dictionary<string, string> OlderCpu = new()
    {
        ["ATEN_CPU_CAPABILITY"] = "default",
        ["ONEDNN_MAX_CPU_ISA"] = "SSE41",
        ["MKL_CBWR"] = "COMPATIBLE",
    };

    /// <summary>This CPU's own choices: none of the variables set.</summary>
    static readonly Dictionary<string, string> ThisCpu = [];

    [Fact]
    public async Task Pinned_dispatch_gives_the_same_bits_whatever_the_CPU_would_choose()
    {
        var (older, olderReport) = await Fingerprints(OlderCpu, native: false);
        var (mine, _) = await Fingerprints(ThisCpu, native: false);
        Assert.Equal(mine, older);
        Assert.Contains("replacing ATEN_CPU_CAPABILITY=default, MKL_CBWR=COMPATIBLE, ONEDNN_MAX_CPU_ISA=SSE41", olderReport);
    }

    [Fact]
    public async Task Without_pinning_the_stand_in_CPUs_give_other_bits()
    {
        // The control: left to libtorch, the two stand-ins differ, so the test above compares something that can differ.
        var (older, olderReport) = await Fingerprints(OlderCpu, native: true);
        var (mine, _) = await Fingerprints(ThisCpu, native: true);
        Assert.Contains("NIRNET_CPU_DISPATCH=native", olderReport);
        Assert.NotEqual(mine, older);
        foreach (string network in new[] { "cnn", "mlp-tecator" })
            Assert.NotEqual(mine.Single(l => l.StartsWith($"fingerprint {network} ", StringComparison.Ordinal)),
                older.Single(l => l.StartsWith($"fingerprint {network} ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData(" AVX2 ", true)]
    [InlineData("native", false)]
    public void The_mode_is_read_from_its_variable(string? value, bool pinned) => Assert.Equal(pinned, CpuDispatch.PinRequested(value));

    [Fact]
    public void An_unknown_mode_is_refused_naming_the_variable()
    {
        var error = Assert.Throws<InvalidSettingException>(() => CpuDispatch.PinRequested("avx512"));
        Assert.Equal("NIRNET_CPU_DISPATCH", error.Parameter);
        Assert.Contains("'avx512'", error.Message);
    }

    /// <summary>Runs the fingerprint app with exactly the given dispatch variables (the test host's own are removed).</summary>
    static async Task<(string[] Fingerprints, string Report)> Fingerprints(Dictionary<string, string> variables, bool native)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Notebooks.Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "run", "tests/Apps/dispatch-fingerprint.cs" }) start.ArgumentList.Add(argument);
        foreach (var (name, _) in CpuDispatch.PinnedVariables) start.Environment.Remove(name);
        start.Environment.Remove(CpuDispatch.Variable);
        foreach (var (name, value) in variables) start.Environment[name] = value;
        if (native) start.Environment[CpuDispatch.Variable] = "native";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(cancel.Token);
        string text = await output;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {text}\n{await error}");
        string[] lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // The report: the set-up line and the native details the app prints under it.
        return ([.. lines.Where(l => l.StartsWith("fingerprint ", StringComparison.Ordinal))],
            string.Join("\n", lines.TakeWhile(l => !l.StartsWith("fingerprint ", StringComparison.Ordinal))));
    }
}
