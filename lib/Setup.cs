using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using NirNet.Native;
using NirNet.Training;
using TorchSharp;

namespace NirNet;

/// <summary>
/// The one call every chapter (and every program using the library) makes first: it makes TorchSharp's native
/// libraries load on this machine, lets Plotly.NET run inside the notebook kernel, seeds the random generators,
/// and reports the versions in one line; under it, a warning when the kernel runs an outdated build of this library. In the
/// notebook kernel it also connects the live training view (<see cref="Training.ILiveDisplay"/>) and sends the page the
/// plotly.js that charts draw with, so that they draw without internet (<see cref="PagePlotly"/>).
/// Safe to call again: later calls only re-seed. Introduced in chapter 0.
/// </summary>
public static class Setup
{
    static readonly Lock Gate = new();
    static bool fSharpBridgeRegistered;

    /// <summary>
    /// The environment variable that, set to <c>off</c>, keeps training in a notebook kernel to plain progress lines instead
    /// of the live view. The notebook runner sets it: dotnet-repl saves every update of a display as an output of its own.
    /// </summary>
    internal const string LiveProgressVariable = "NIRNET_LIVE_PROGRESS";

    /// <summary>
    /// The environment variable that, set to <c>off</c>, keeps <see cref="Initialize"/> in a notebook kernel from sending the
    /// page its copy of plotly.js (<see cref="PagePlotly"/>), so that charts load plotly.js from the CDN as Plotly.NET has them
    /// do. The notebook runner sets it: the committed notebooks would carry 3.6 MB of plotly.js each.
    /// </summary>
    internal const string PagePlotlyVariable = "NIRNET_PAGE_PLOTLY";

    /// <summary>The notebook companion, beside NirNet.dll, that shows live views on the kernel.</summary>
    internal const string InteractiveAssembly = "NirNet.Interactive";

    /// <summary>Prepares TorchSharp and Plotly.NET for this process and seeds torch's generator with <paramref name="seed"/>.</summary>
    /// <param name="seed">Seed of torch's global random generator (weights, dropout, shuffling without an explicit seed).</param>
    /// <returns>The report it also prints as one line: versions, thread count and seed. What was done to load the natives
    /// (<see cref="SetupReport.Native"/>) is printed under it only when it is news: a fixed copy of a native file written
    /// for the first time, a CPU dispatch other than the usual pinned one, or a system other than the tested one.</returns>
    public static SetupReport Initialize(int seed = 42)
    {
        RegisterFSharpCoreBridge();
        var (report, announce) = Report(seed);
        Console.WriteLine(report);
        if (announce)
            Console.WriteLine(report.Native);
        if (StaleBuild.Warning() is { } warning)
            Console.WriteLine(warning);
        ConnectNotebookKernel();
        return report;
    }

    // Kept out of Initialize so that nothing of Plotly.NET or TorchSharp is touched before the bridge is in place.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static (SetupReport Report, bool AnnounceNative) Report(int seed)
    {
        var native = TorchNativeLoader.EnsureLoaded();
        torch.random.manual_seed(seed);
        return (new SetupReport(
            Version(typeof(Setup).Assembly),
            Version(typeof(torch).Assembly),
            torch.__version__,
            Version(typeof(Plotly.NET.GenericChart).Assembly),
            Environment.Version.ToString(),
            torch.get_num_threads(),
            seed,
            native.Details), native.Announce);
    }

    /// <summary>
    /// Loads TorchSharp's natives if not done yet: the library's one way to the native loader, besides <see cref="Initialize"/>.
    /// Called where a program can make its first tensor without holding one already — making a network, a dataset's tensors,
    /// loading a model, evaluating an activation; everything else takes a network or a tensor, so the natives are loaded by then.
    /// </summary>
    internal static void EnsureNativeLoaded()
    {
        RegisterFSharpCoreBridge();
        TorchNativeLoader.EnsureLoaded();
    }

    /// <summary>
    /// The notebook kernel ships FSharp.Core 10.0 while Plotly.NET 6.0.0 asks for 10.1; answering that request with the
    /// FSharp.Core already loaded lets charts render. Outside the kernel FSharp.Core 10.1 loads normally and this is never asked.
    /// </summary>
    static void RegisterFSharpCoreBridge()
    {
        lock (Gate)
        {
            if (fSharpBridgeRegistered) return;
            AssemblyLoadContext.Default.Resolving += (_, name) => name.Name == "FSharp.Core"
                ? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "FSharp.Core")
                : null;
            fSharpBridgeRegistered = true;
        }
    }

    /// <summary>
    /// In the notebook kernel (where Microsoft.DotNet.Interactive is loaded): progress lines leave out times, so that a
    /// saved notebook does not change from run to run; unless <see cref="LiveProgressVariable"/> is <c>off</c>, training
    /// shows live views through NirNet.Interactive, loaded from beside this library into the same load context; and unless
    /// <see cref="PagePlotlyVariable"/> is <c>off</c>, the page gets its copy of plotly.js (<see cref="PagePlotly"/>), at
    /// every call, so that running the set-up cell again after reloading the page brings it back. Elsewhere nothing changes.
    /// </summary>
    static void ConnectNotebookKernel()
    {
        if (!AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.DotNet.Interactive")) return;
        TrainingProgress.LinesShowTime = false;
        bool live = TrainingProgress.LiveDisplay is null && !IsOff(LiveProgressVariable);
        bool pagePlotly = !IsOff(PagePlotlyVariable);
        if (!live && !pagePlotly)
            return;
        if (KernelDisplay() is not { } display)
            return;
        if (live)
            TrainingProgress.LiveDisplay = display.GetMethod("Open", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<ILiveDisplay?>>();
        if (pagePlotly)
            display.GetMethod("ShowHtml", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [PagePlotly.Html()]);
    }

    static Type? kernelDisplay;

    /// <summary>
    /// NirNet.Interactive's display type, loaded once per process (a later build of it beside this library could not be
    /// loaded into the same context again); null, with a note, when it is missing.
    /// </summary>
    static Type? KernelDisplay()
    {
        if (kernelDisplay is not null)
            return kernelDisplay;
        var library = typeof(Setup).Assembly;
        string path = Path.Combine(Path.GetDirectoryName(library.Location) ?? "", InteractiveAssembly + ".dll");
        if (!File.Exists(path))
        {
            Console.WriteLine($"Note: {path} is missing, so training prints progress lines instead of a live view and charts "
                + "load plotly.js from the internet; the build cell builds it.");
            return null;
        }
        return kernelDisplay = (AssemblyLoadContext.GetLoadContext(library) ?? AssemblyLoadContext.Default).LoadFromAssemblyPath(path)
            .GetType($"{InteractiveAssembly}.KernelDisplay", throwOnError: true)!;
    }

    static bool IsOff(string variable) =>
        string.Equals(Environment.GetEnvironmentVariable(variable), "off", StringComparison.OrdinalIgnoreCase);

    static string Version(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?")
        .Split('+')[0];
}

/// <summary>What <see cref="Setup.Initialize"/> found and did; prints as one short line (versions, threads, seed).</summary>
/// <param name="NirNet">Version of this library.</param>
/// <param name="TorchSharp">Version of TorchSharp.</param>
/// <param name="LibTorch">Version of the native libtorch behind it.</param>
/// <param name="PlotlyNet">Version of Plotly.NET.</param>
/// <param name="DotNet">Version of the .NET runtime.</param>
/// <param name="Threads">Threads torch uses for one operation (libtorch's default, or the environment variable <c>NIRNET_THREADS</c>).</param>
/// <param name="Seed">The seed given to torch's generator.</param>
/// <param name="Native">What was done to load TorchSharp's native libraries (which libLibTorchSharp.so, why, and the CPU
/// dispatch pinned); not part of the line, printed under it only when it is news.</param>
public sealed record SetupReport(string NirNet, string TorchSharp, string LibTorch, string PlotlyNet, string DotNet, int Threads, int Seed, string Native)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"NirNet {NirNet} | TorchSharp {TorchSharp} (libtorch {LibTorch}) | Plotly.NET {PlotlyNet} | .NET {DotNet} | {Threads} thread{(Threads == 1 ? "" : "s")} | seed {Seed}";
}
