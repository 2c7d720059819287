using System.Reflection;
using System.Runtime.InteropServices;

namespace NirNet.Native;

/// <summary>What loading the natives did.</summary>
/// <param name="Details">One line: which libLibTorchSharp.so was loaded and why, and the CPU dispatch pinned.</param>
/// <param name="Announce">Whether the details are news worth printing: a fixed copy was written for the first time, the CPU
/// dispatch is not the usual pinned one (results may differ in the last bits), or the system is not the tested one. A fixed
/// copy reused from an earlier run, or no fix needed, is not news.</param>
internal sealed record NativeLoad(string Details, bool Announce)
{
    /// <summary>What loading did on linux-x64: the fix of libLibTorchSharp.so and the CPU dispatch's phrase (empty when pinned as usual).</summary>
    public static NativeLoad Of(NativeFixResult fix, string pinning) =>
        new(pinning.Length == 0 ? fix.Describe() : $"{fix.Describe()}; {pinning}",
            Announce: fix.Action == NativeFixAction.Patched || pinning.Length > 0);
}

/// <summary>
/// Loads TorchSharp's native libraries explicitly, from the right files, before the first <c>torch</c> call,
/// the same way in every host (test run, console or file-based app, notebook kernel).
/// </summary>
internal static class TorchNativeLoader
{
    static readonly Lock Gate = new();
    static NativeLoad? loaded;

    /// <summary>
    /// Loads the natives once per process, then applies <see cref="TorchThreads.Variable"/> if set, and says what was done.
    /// Only the call that loads them can have news to announce; later calls return the same details, with nothing to announce.
    /// </summary>
    public static NativeLoad EnsureLoaded()
    {
        lock (Gate)
        {
            if (loaded is not null)
                return loaded with { Announce = false };
            var load = Load();
            TorchThreads.Apply();
            return loaded = load;
        }
    }

    static NativeLoad Load()
    {
        if (OtherSystem(RuntimeInformation.RuntimeIdentifier) is { } note)
            return new NativeLoad(note, Announce: true);
        GlibcHeap.KeepFreedMemory();
        var dispatch = CpuDispatch.BeforeLoad(libTorchAlreadyLoaded: LoadedLibraries().Any(p => Path.GetFileName(p) == "libtorch_cpu.so"));

        Assembly torchSharp = typeof(TorchSharp.torch).Assembly;
        string libTorchSharp = FindNative(torchSharp, "libLibTorchSharp.so");
        string libTorchFolder = Path.GetDirectoryName(FindNative(torchSharp, "libtorch_cpu.so"))!;
        var fix = TorchNativeFix.Prepare(libTorchSharp, SystemLibStdCxxVersions(), CacheFolder.Of("native"));

        // libtorch first, by full path, so that the names libLibTorchSharp.so needs resolve to these files
        // and never to another libtorch on the library path (Debian's libtorch-dev, for one).
        IntPtr torchCpu = LoadFile(Path.Combine(libTorchFolder, "libtorch_cpu.so"));
        LoadFile(Path.Combine(libTorchFolder, "libtorch.so"));
        IntPtr torchSharpHandle = LoadFile(fix.LibTorchSharpPath);
        NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name switch
        {
            "LibTorchSharp" => torchSharpHandle,
            "torch_cpu" => torchCpu,
            _ => IntPtr.Zero,
        });
        string pinning = CpuDispatch.AfterLoad(dispatch, torchCpu);
        return NativeLoad.Of(fix, pinning);
    }

    /// <summary>The files of the shared libraries this process has mapped, from <c>/proc/self/maps</c>.</summary>
    static IEnumerable<string> LoadedLibraries() =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/') is var slash and >= 0 ? line[slash..] : null)
            .OfType<string>();

    /// <summary>
    /// What the series supports, said plainly. linux-x64 is tested (Debian 12): its natives are loaded explicitly, with the fix
    /// of <see cref="TorchNativeFix"/>. TorchSharp-cpu 0.107.0 ships natives for linux-x64, win-x64 and osx-arm64 only; on
    /// the other two, TorchSharp's own loader is left to do the work (on Windows it is known to fail, dotnet/TorchSharp#1567).
    /// </summary>
    /// <param name="runtimeIdentifier">The .NET runtime identifier, for example <c>linux-x64</c>.</param>
    /// <returns>Null on linux-x64; the report line on win-x64, win-arm64 and osx-arm64.</returns>
    /// <exception cref="NativeSetupException">Any other system: TorchSharp-cpu has no native libraries for it.</exception>
    internal static string? OtherSystem(string runtimeIdentifier) => runtimeIdentifier switch
    {
        "linux-x64" => null,
        "win-x64" or "win-arm64" => $"native: TorchSharp's own loader ({runtimeIdentifier} is not supported: TorchSharp 0.107.0 is known to fail to load on Windows x64 and ARM64, dotnet/TorchSharp#1567; the series is tested on linux-x64)",
        "osx-arm64" => "native: TorchSharp's own loader (osx-arm64 is untested; the series is tested on linux-x64)",
        _ => throw new NativeSetupException(
            $"TorchSharp-cpu 0.107.0 has native libraries for linux-x64, win-x64 and osx-arm64 only, not for {runtimeIdentifier}. " +
            "The series is tested on linux-x64 (Debian 12); on Windows, TorchSharp 0.107.0 is known to fail to load (dotnet/TorchSharp#1567)."),
    };

    static IntPtr LoadFile(string path)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new NativeSetupException($"Could not load {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Finds a native file of the TorchSharp packages: in the app's native search folders (test runs and apps,
    /// from their deps.json), else in the NuGet package folders next to TorchSharp.dll (notebook kernels).
    /// </summary>
    static string FindNative(Assembly torchSharp, string fileName)
    {
        var folders = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchPath)
            folders.AddRange(searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        string assemblyFolder = Path.GetDirectoryName(torchSharp.Location)!;
        folders.Add(assemblyFolder);
        folders.Add(Path.Combine(assemblyFolder, "runtimes", "linux-x64", "native"));
        // <packages>/torchsharp/<version>/lib/<tfm>/TorchSharp.dll
        string packageHome = Path.GetFullPath(Path.Combine(assemblyFolder, "..", ".."));
        string packages = Path.GetFullPath(Path.Combine(packageHome, ".."));
        folders.Add(Path.Combine(packageHome, "runtimes", "linux-x64", "native"));
        string libtorchPackage = Path.Combine(packages, "..", "libtorch-cpu-linux-x64");
        if (Directory.Exists(libtorchPackage))
            folders.AddRange(Directory.GetDirectories(libtorchPackage).Order().Select(v => Path.Combine(v, "runtimes", "linux-x64", "native")));

        return folders.Select(f => Path.Combine(f, fileName)).FirstOrDefault(File.Exists)
            ?? throw new NativeSetupException(
                $"Could not find {fileName} of the TorchSharp-cpu package. Looked in: {string.Join(", ", folders.Distinct())}. " +
                "Reference TorchSharp-cpu 0.107.0 (in a notebook: #r \"nuget: TorchSharp-cpu, 0.107.0\") and restore.");
    }

    /// <summary>The version names defined by the libstdc++ this process uses.</summary>
    static IReadOnlySet<string> SystemLibStdCxxVersions()
    {
        NativeLibrary.TryLoad("libstdc++.so.6", out _);
        string? path = LoadedLibraries().FirstOrDefault(p => Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
        if (path is null)
            throw new NativeSetupException("Could not find the libstdc++.so.6 this process uses (not in /proc/self/maps). Install the system's libstdc++6 package.");
        return ElfVersions.ReadDefinitions(File.ReadAllBytes(path), path);
    }
}
