using System.Diagnostics;
using System.Globalization;
using NirNet;
using NirNet.Data;
using NirNet.Engine;
using NirNet.Models;
using NirNet.Training;
using TorchSharp;
using static TorchSharp.torch;

// The chapter-2 workload, measured in one run (see README "Performance"). Usage:
//   dotnet run -c Release --project bench/NirNet.Bench [-- [--epochs N] [--live-only]]
// --live-only measures only the live training view against plain progress lines (the quick form of that pair).
// Figures are ratios within this run, because the machines are shared and absolute times vary.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
int epochs = args.SkipWhile(a => a != "--epochs").Skip(1).Select(int.Parse).DefaultIfEmpty(1000).First();
bool liveOnly = args.Contains("--live-only");
Setup.Initialize(seed: 42);
int threads = torch.get_num_threads();
var scaled = Datasets.SimulatedSoil().Split(validationFraction: 0.2, testFraction: 0.2, seed: 42).Standardize();
int width = scaled.Train.WavelengthCount;
var hidden = Networks.OriginalHiddenLayers;
var options = new TrainingOptions(Epochs: epochs, BatchSize: 32, ProgressLines: 0);

double peak = MatmulGflops();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, torch threads {threads}, dense float32 matmul {peak:F1} GFLOP/s (2048×2048 probe, best of 3 rounds)");

// Floating-point work of one run: forward 2·MACs per sample, backward about twice that, plus the validation forward pass.
double macs = hidden.Prepend(width).Append(1).Zip(hidden.Append(1)).Sum(p => (double)p.First * p.Second);
double FlopsPerRun(int epochCount) => epochCount * (3 * 2 * macs * scaled.Train.Count + 2 * macs * scaled.Validation.Count);
Console.WriteLine($"workload: network {width}→{string.Join("→", hidden)}→1 ({macs:N0} multiply-adds per sample), {scaled.Train.Count} training and {scaled.Validation.Count} validation samples, batch 32, Adam, {epochs} epochs");

int stepsPerEpoch = (scaled.Train.Count + 31) / 32;
int[] widths = hidden.Prepend(width).Append(1).ToArray();

// Chapter 2: ReLU and sigmoid, one seed each.
var chapter2Runs = new[] { new MlpRun(hidden, "relu", 1), new MlpRun(hidden, "sigmoid", 1) };

// The live training view against plain progress lines: the chapter-2 workload with 4 progress lines, once printing them,
// once through a live view whose display, a stand-in outside the kernel, renders each frame to the HTML the kernel would
// send and keeps only its length. Alternated twice, best of each, after a warm-up run of a tenth of the epochs.
if (liveOnly)
{
    Stacked.Compare(chapter2Runs, scaled.Train, scaled.Validation, options with { Epochs = Math.Max(1, epochs / 10) });
    Console.WriteLine($"bench: live_vs_plain={LiveVsPlain():F3}");
    return 0;
}
double LiveVsPlain()
{
    var shown = options with { ProgressLines = 4 };
    var display = new RenderingDisplay();
    double plain = double.MaxValue, live = double.MaxValue;
    for (int round = 0; round < 2; round++)
    {
        plain = Math.Min(plain, Time(() => Stacked.Compare(chapter2Runs, scaled.Train, scaled.Validation, shown)).Seconds);
        TrainingProgress.LiveDisplay = () => display;
        live = Math.Min(live, Time(() => Stacked.Compare(chapter2Runs, scaled.Train, scaled.Validation, shown)).Seconds);
        TrainingProgress.LiveDisplay = null;
    }
    Console.WriteLine($"live view (display stand-in: {display.Frames} frames, {display.Characters / Math.Max(1, display.Frames):N0} characters each) against plain progress lines, chapter 2, best of 2: " +
        $"{live:F1} s against {plain:F1} s, ratio {live / plain:F3}");
    return live / plain;
}
long rssBefore = Resident().Live;
var (chapter2, chapter2Seconds) = Time(() => Stacked.Compare(chapter2Runs, scaled.Train, scaled.Validation, options));
double chapter2Bound = 2 * FlopsPerRun(epochs) / (peak * 1e9);
Console.WriteLine($"chapter 2 (relu + sigmoid, trained together): {chapter2Seconds:F1} s, {epochs / chapter2Seconds:F0} epochs/s, compute bound {chapter2Bound:F2} s, ratio {chapter2Seconds / chapter2Bound:F1}");
int chapter2Parts = Stacked.PartsFor(chapter2Runs.Length, hidden, scaled.Train.Count, scaled.Validation.Count, 32);
double chapter2MatmulSeconds = MatmulsAloneSeconds(chapter2Runs.Length, chapter2Parts, 32, widths) * stepsPerEpoch * epochs;
Console.WriteLine($"  the matrix products alone (forward and backward, batch 32, measured separately): about {chapter2MatmulSeconds:F1} s, {chapter2MatmulSeconds / chapter2Bound:F2}× the compute bound; " +
    $"training takes {chapter2Seconds / chapter2MatmulSeconds:F2}× its matrix products");

// The same two networks trained one after the other, each alone (Trainer.Fit): the like-for-like comparison with PyTorch.
var (_, chapter2AloneSeconds) = Time(() =>
{
    foreach (var run in chapter2Runs)
        Trainer.Fit(Networks.Mlp(width, hidden, run.Activation, run.Seed), scaled.Train, scaled.Validation, options with { Seed = run.Seed });
    return 0;
});
Console.WriteLine($"chapter 2 one after the other (Trainer.Fit): {chapter2AloneSeconds:F1} s, ratio to the compute bound {chapter2AloneSeconds / chapter2Bound:F1}");

double liveVsPlain = LiveVsPlain();

// 30 runs: 6 activations × 5 seeds, as one batched computation; resident memory read at epoch 100 and at the end.
string[] activations = ["relu", "sigmoid", "tanh", "leaky_relu", "elu", "silu"];
var thirty = activations.SelectMany(a => Enumerable.Range(1, 5).Select(s => new MlpRun(hidden, a, s))).ToList();
(long Raw, long Live) rssAtEpoch100 = default, rssAtEnd = default;
long tensorsAtEpoch100 = 0, tensorsAtEnd = 0;
var (_, ensembleSeconds) = Time(() => Stacked.Compare(thirty, scaled.Train, scaled.Validation, options with
{
    EpochEnded = epoch =>
    {
        if (epoch == Math.Min(100, epochs)) (rssAtEpoch100, tensorsAtEpoch100) = (Resident(), DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        if (epoch == epochs) (rssAtEnd, tensorsAtEnd) = (Resident(), DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    },
}));
double ensembleBound = 30 * FlopsPerRun(epochs) / (peak * 1e9);
int ensembleParts = Stacked.PartsFor(thirty.Count, hidden, scaled.Train.Count, scaled.Validation.Count, 32);
Console.WriteLine($"ensemble of 30 (6 activations × 5 seeds) in {ensembleParts} part(s), one thread each: {ensembleSeconds:F1} s, compute bound {ensembleBound:F2} s, ratio {ensembleSeconds / ensembleBound:F1}");

// The same 30 runs as one stack on one thread, as before Compare split its networks across the cores.
var (_, oneStackSeconds) = Time(() => Stacked.CompareInParts(thirty, scaled.Train, scaled.Validation, options, group: null, parts: 1));
Console.WriteLine($"  the same 30 runs as one stack on one thread: {oneStackSeconds:F1} s; the split is {oneStackSeconds / ensembleSeconds:F2}× faster");

// Why the ratio stays above 1, in two measurements on the 30 stacked networks, each scaled to the workload's steps:
// (1) the matrix products alone, forward and backward, at the workload's shapes (batch 32 per network) and nothing else,
// split across threads as Compare splits the networks;
// (2) the library's Adam update alone, on one flat buffer of all weights as the library keeps them: it reads and writes
// each weight, its gradient and two running averages at every step, so it is bound by memory, not by arithmetic.
double matmulSeconds = MatmulsAloneSeconds(thirty.Count, ensembleParts, 32, widths) * stepsPerEpoch * epochs;
double adamSeconds = AdamUpdateSeconds(thirty.Count, widths) * stepsPerEpoch * epochs;
Console.WriteLine($"  the matrix products alone (forward and backward, batch 32, measured separately): about {matmulSeconds:F1} s, {matmulSeconds / ensembleBound:F2}× the compute bound; " +
    $"training takes {ensembleSeconds / matmulSeconds:F2}× its matrix products");
double oneStackMatmulSeconds = MatmulsAloneSeconds(thirty.Count, 1, 32, widths) * stepsPerEpoch * epochs;
Console.WriteLine($"  one stack's matrix products alone (one thread): about {oneStackMatmulSeconds:F1} s; one stack takes {oneStackSeconds / oneStackMatmulSeconds:F2}× them");
Console.WriteLine($"  Adam's weight update alone (the library's, measured separately on the same stacked weights): about {adamSeconds:F1} s, {adamSeconds / ensembleBound:F2}× the compute bound");

// The same 30 runs one after another, each trained alone (Trainer.Fit), over a tenth of the epochs, scaled up.
int sequentialEpochs = Math.Max(1, epochs / 10);
var (_, sequentialSeconds) = Time(() =>
{
    foreach (var run in thirty)
        Trainer.Fit(Networks.Mlp(width, hidden, run.Activation, run.Seed), scaled.Train, scaled.Validation, options with { Epochs = sequentialEpochs, Seed = run.Seed });
    return 0;
});
double sequentialEstimate = sequentialSeconds * epochs / sequentialEpochs;
Console.WriteLine($"the 30 runs one after another: {sequentialSeconds:F1} s for {sequentialEpochs} epochs each, so about {sequentialEstimate:F0} s for {epochs}; speed-up of the ensemble {sequentialEstimate / ensembleSeconds:F1}×");

// Memory: resident size and live tensors of the 30-run ensemble at epoch 100 and at its last epoch (TorchSharp counts
// tensors per thread: these are the calling thread's, which trains part 0 and keeps the books). A leak shows in the
// tensor count and in the resident size once the allocator has handed its free pages back (malloc_trim); the raw resident
// size also holds what glibc keeps for reuse (NirNet asks it to keep freed blocks, see lib/Native/GlibcHeap.cs).
double growthMb = (rssAtEnd.Live - rssAtEpoch100.Live) / 1048576.0;
Console.WriteLine($"memory: resident {rssBefore / 1048576.0:F0} MB before training; ensemble at epoch 100: {rssAtEpoch100.Live / 1048576.0:F0} MB, {tensorsAtEpoch100} live tensors on the calling thread; " +
    $"at epoch {epochs}: {rssAtEnd.Live / 1048576.0:F0} MB, {tensorsAtEnd} live tensors (growth {growthMb:F1} MB); " +
    $"with the allocator's kept free memory {rssAtEpoch100.Raw / 1048576.0:F0} → {rssAtEnd.Raw / 1048576.0:F0} MB; peak {PeakResident() / 1048576.0:F0} MB");

// PyTorch, same network, data, batch size, epochs and thread count, when python3 with torch is present.
string vsPytorch = "n/a";
string script = Path.Combine(AppContext.BaseDirectory, "pytorch_reference.py");
string csv = Path.Combine(Path.GetTempPath(), $"nirnet-bench-{Environment.ProcessId}");
Directory.CreateDirectory(csv);
Write(Path.Combine(csv, "train.csv"), scaled.Train);
Write(Path.Combine(csv, "validation.csv"), scaled.Validation);
var pytorch = RunPython(script, csv, epochs, threads);
if (pytorch is double pytorchSeconds)
{
    vsPytorch = (chapter2Seconds / pytorchSeconds).ToString("F2");
    Console.WriteLine($"PyTorch {PythonTorchVersion()} (same workload, one network after the other, {threads} threads): {pytorchSeconds:F1} s; " +
        $"TorchSharp/PyTorch time ratio {vsPytorch} (trained together), {chapter2AloneSeconds / pytorchSeconds:F2} (one after the other)");
}
Directory.Delete(csv, recursive: true);

Console.WriteLine($"bench: chapter2_vs_bound={chapter2Seconds / chapter2Bound:F2} ensemble30_vs_bound={ensembleSeconds / ensembleBound:F2} ensemble30_speedup={sequentialEstimate / ensembleSeconds:F2} vs_pytorch={vsPytorch} mem_growth_mb={growthMb:F1} " +
    $"ensemble30_vs_matmuls={ensembleSeconds / matmulSeconds:F2} chapter2_vs_matmuls={chapter2Seconds / chapter2MatmulSeconds:F2} live_vs_plain={liveVsPlain:F3} " +
    $"ensemble30_split_speedup={oneStackSeconds / ensembleSeconds:F2}");
return 0;

static string PythonTorchVersion()
{
    foreach (var python in new[] { "python3", "/usr/bin/python3" })
    {
        try
        {
            var start = new ProcessStartInfo(python, ["-c", "import torch; print(torch.__version__)"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            string version = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            if (process.ExitCode == 0) return version;
        }
        catch (System.ComponentModel.Win32Exception) { }
    }
    return "?";
}

static (T Result, double Seconds) Time<T>(Func<T> work)
{
    var clock = Stopwatch.StartNew();
    var result = work();
    return (result, clock.Elapsed.TotalSeconds);
}

// Seconds per Adam step of the library (the update the training loop makes) on the weights of K stacked networks of the
// given layer widths, kept in one flat buffer as the library keeps them (gradient random; 50 steps after 5 warm-up steps).
static double AdamUpdateSeconds(int k, int[] widths)
{
    long count = k * widths.Zip(widths.Skip(1)).Sum(p => (long)(p.First + 1) * p.Second);
    using var weights = new TorchSharp.Modules.Parameter(randn(count));
    weights.grad = randn_like(weights);
    using var adam = WeightUpdate.For([weights], new TrainingOptions());
    for (int i = 0; i < 5; i++) adam.Step();
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < 50; i++)
    {
        using var scope = NewDisposeScope();
        adam.Step();
    }
    return clock.Elapsed.TotalSeconds / 50;
}

// Seconds per step of the matrix products alone for K stacked networks and batch B, split into parts as Compare splits
// them (P stacks of nearly equal size, each on its own thread, all at once): forward (with the bias), then the
// weight and bias gradients of every layer and the input gradient of every layer but the first (50 steps after 5).
static double MatmulsAloneSeconds(int k, int parts, int batch, int[] widths)
{
    var stacks = Enumerable.Range(0, parts).Select(p => new MatmulStack((k - p + parts - 1) / parts, batch, widths)).ToArray();
    using var threads = new PartThreads(parts);
    for (int i = 0; i < 5; i++) threads.Run(p => stacks[p].Step());
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < 50; i++) threads.Run(p => stacks[p].Step());
    double seconds = clock.Elapsed.TotalSeconds / 50;
    foreach (var stack in stacks) stack.Dispose();
    return seconds;
}

static double MatmulGflops()
{
    using var scope = NewDisposeScope();
    var a = randn(2048, 2048);
    var b = randn(2048, 2048);
    for (int i = 0; i < 2; i++) a.mm(b).Dispose();
    // The best of three rounds: on a shared machine the slower rounds measure the neighbours, not the machine.
    const int repeats = 5;
    double best = 0;
    for (int round = 0; round < 3; round++)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++) a.mm(b).Dispose();
        best = Math.Max(best, repeats * 2.0 * 2048 * 2048 * 2048 / clock.Elapsed.TotalSeconds / 1e9);
    }
    return best;
}

// Resident size as the system reports it, then again after glibc returned the free pages it keeps (Linux only).
static (long Raw, long Live) Resident()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    using var process = Process.GetCurrentProcess();
    long raw = process.WorkingSet64;
    if (!OperatingSystem.IsLinux()) return (raw, raw);
    Glibc.malloc_trim(0);
    process.Refresh();
    return (raw, process.WorkingSet64);
}

static long PeakResident()
{
    using var process = Process.GetCurrentProcess();
    return process.PeakWorkingSet64;
}

static void Write(string path, SpectralDataset data)
{
    using var writer = new StreamWriter(path);
    for (int i = 0; i < data.Count; i++)
    {
        writer.Write(data.Target[i].ToString("R", CultureInfo.InvariantCulture));
        for (int j = 0; j < data.WavelengthCount; j++) writer.Write("," + data.Spectra[i, j].ToString("R", CultureInfo.InvariantCulture));
        writer.WriteLine();
    }
}

// The first Python that has torch: the one on PATH, else Debian's (python3-torch installs for /usr/bin/python3).
static double? RunPython(string script, string folder, int epochs, int threads)
{
    foreach (var python in new[] { "python3", "/usr/bin/python3" })
    {
        var (seconds, message) = RunPythonWith(python, script, folder, epochs, threads);
        if (seconds is not null) return seconds;
        Console.WriteLine($"PyTorch comparison with {python}: {message}");
    }
    return null;
}

static (double? Seconds, string Message) RunPythonWith(string python, string script, string folder, int epochs, int threads)
{
    var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in new[] { script, folder, epochs.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture) })
        start.ArgumentList.Add(argument);
    try
    {
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith("seconds=", StringComparison.Ordinal));
        return process.ExitCode == 0 && line is not null
            ? (double.Parse(line["seconds=".Length..], CultureInfo.InvariantCulture), "ok")
            : (null, "skipped: " + (output + error).Trim().Split('\n').Last());
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return (null, "skipped: not found");
    }
}

/// <summary>The weights, biases and input of K stacked networks, and one step of their matrix products.</summary>
sealed class MatmulStack(int k, int batch, int[] widths) : IDisposable
{
    readonly Tensor[] weights = widths.Zip(widths.Skip(1)).Select(p => randn(k, p.First, p.Second).DetachFromDisposeScope()).ToArray();
    readonly Tensor[] biases = widths.Skip(1).Select(w => randn(k, 1, w).DetachFromDisposeScope()).ToArray();
    readonly Tensor input = randn(k, batch, widths[0]).DetachFromDisposeScope();

    public void Step()
    {
        using var scope = NewDisposeScope();
        var activations = new List<Tensor> { input };
        foreach (var (w, b) in weights.Zip(biases)) activations.Add(activations[^1].bmm(w).add_(b));
        var delta = activations[^1];
        for (int layer = weights.Length - 1; layer >= 0; layer--)
        {
            activations[layer].transpose(1, 2).bmm(delta);
            delta.sum(1);
            if (layer > 0) delta = delta.bmm(weights[layer].transpose(1, 2));
        }
    }

    public void Dispose()
    {
        foreach (var t in weights.Concat(biases).Append(input)) t.Dispose();
    }
}

static class Glibc
{
    [System.Runtime.InteropServices.DllImport("libc.so.6")]
    public static extern int malloc_trim(nuint keep);
}

/// <summary>A live display outside the kernel: renders each frame to its HTML, as the kernel's formatter would, and keeps its length.</summary>
sealed class RenderingDisplay : ILiveDisplay
{
    public int Frames { get; private set; }

    public long Characters { get; private set; }

    public void Show(LiveFrame frame)
    {
        Frames++;
        Characters += frame.ToHtml().Length;
    }
}
