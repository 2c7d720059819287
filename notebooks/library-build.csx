// The build step at the top of every chapter, loaded by its first cell with #load (the kernel's working folder is the
// notebook's folder, notebooks/). It builds the series' library, lib/, into the NirNet.dll and NirNet.Engine.dll that the
// set-up cell references, together with its notebook companion NirNet.Interactive.dll (lib/Interactive/: the live training
// view's display; building it builds lib/ and lib/Engine/ first): `dotnet build` compiles only what changed, so the cell is safe to rerun.

/// <summary>Builds lib/ and its notebook companion for the set-up cell; stops when this kernel already runs an older build of lib/.</summary>
public static class LibraryBuild
{
    /// <summary>The library the set-up cell references, relative to notebooks/.</summary>
    public const string Dll = "../lib/bin/Release/net10.0/NirNet.dll";

    /// <summary>Builds lib/ (seconds when it is up to date), saying when the first build downloads packages.</summary>
    public static void Run()
    {
        string dll = System.IO.Path.GetFullPath(Dll);
        var before = System.IO.File.GetLastWriteTimeUtc(dll);
        if (!System.IO.File.Exists(dll))
            Console.WriteLine("First build of lib/: unless your NuGet cache holds them already, it downloads "
                + "TorchSharp-cpu and libtorch (about 270 MB, 1.3 GB unpacked), once. That can take several minutes.");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet",
            "build ../lib/Interactive/NirNet.Interactive.csproj -c Release -nologo -v quiet")
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var build = System.Diagnostics.Process.Start(start)!;
        build.OutputDataReceived += (_, line) => { if (line.Data is { } text) output.Enqueue(text); };
        build.ErrorDataReceived += (_, line) => { if (line.Data is { } text) output.Enqueue(text); };
        build.BeginOutputReadLine();
        build.BeginErrorReadLine();
        while (!build.WaitForExit(TimeSpan.FromSeconds(20)))
            Console.WriteLine($"  still building ({clock.Elapsed:m\\:ss}) …");
        build.WaitForExit();
        if (build.ExitCode != 0)
            throw new Exception("Building lib/ failed; `dotnet build lib/Interactive -c Release` at the repository root shows the "
                + "same. If NirNet.dll is in use, restart the kernel and run this cell first.\n"
                + string.Join("\n", output));
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "NirNet");
        if (loaded is not null && loaded.ManifestModule.ModuleVersionId != ModuleVersionId(dll))
            throw new Exception("lib/ changed after this kernel loaded NirNet.dll, and a kernel cannot load a library "
                + "twice: restart the kernel (Restart in the notebook's toolbar) and run the notebook from the top.");
        bool rebuilt = System.IO.File.GetLastWriteTimeUtc(dll) != before;
        Console.WriteLine(rebuilt ? $"Built {Dll}." : $"{Dll} is up to date.");
    }

    // The id the compiler gives each build of an assembly (the same for the same source: builds are deterministic).
    static Guid ModuleVersionId(string dll)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(System.IO.File.OpenRead(dll));
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }
}
