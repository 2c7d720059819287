using System.Reflection;
using System.Runtime.InteropServices;

namespace NirNet.Native;

/// <summary>
/// Loads TorchSharp's native libraries explicitly, from the right files, before the first <c>torch</c> call,
/// the same way in every host (test run, console or file-based app, notebook kernel).
/// </summary>
internal static class TorchNativeLoader
{
    static readonly Lock Gate = new();
    static string? summary;

    /// <summary>Loads the natives once per process and returns one line saying what was done.</summary>
    public static string EnsureLoaded()
    {
        lock (Gate)
            return summary ??= Load();
    }

    static string Load()
    {
        if (!OperatingSystem.IsLinux())
            return "native: TorchSharp's own loader";
        GlibcHeap.KeepFreedMemory();

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
        return fix.Describe();
    }

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
        string? path = File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/') is var slash and >= 0 ? line[slash..] : null)
            .FirstOrDefault(p => p is not null && Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
        if (path is null)
            throw new NativeSetupException("Could not find the libstdc++.so.6 this process uses (not in /proc/self/maps). Install the system's libstdc++6 package.");
        return ElfVersions.ReadDefinitions(File.ReadAllBytes(path), path);
    }

}
