using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace NirNet;

/// <summary>
/// Tells a notebook reader when the kernel runs other code than lib/ holds: a NirNet.dll rebuilt after the kernel loaded
/// it (a kernel cannot load a library twice), or sources changed after the last build (the build cell was skipped).
/// <see cref="Setup.Initialize"/> prints its warning under the report line. Introduced in chapter 0.
/// </summary>
internal static class StaleBuild
{
    /// <summary>The warning for the NirNet.dll this process loaded; null when it is the current build.</summary>
    public static string? Warning()
    {
        var assembly = typeof(StaleBuild).Assembly;
        return Warning(assembly.ManifestModule.ModuleVersionId, assembly.Location);
    }

    /// <summary>
    /// The warning for a loaded build of NirNet.dll, or null when it is current: when the file it was loaded from now
    /// holds another build, and, for the notebooks' build under <c>lib/bin/</c>, when a source under <c>lib/</c> is newer.
    /// </summary>
    /// <param name="loadedModuleVersionId">The module version id of the loaded assembly (each build has its own).</param>
    /// <param name="dll">The file it was loaded from; empty when it was not loaded from a file.</param>
    public static string? Warning(Guid loadedModuleVersionId, string dll)
    {
        if (dll.Length == 0 || !File.Exists(dll))
            return null;
        if (ModuleVersionId(dll) != loadedModuleVersionId)
            return "WARNING: NirNet.dll was rebuilt after this kernel loaded it, so the kernel still runs the old build: "
                + "restart the kernel (Restart in the notebook's toolbar) and run the notebook from the top.";
        if (RepositoryRoot.Find(Path.GetDirectoryName(dll)) is not { } root)
            return null;
        var lib = new DirectoryInfo(Path.Combine(root, "lib"));
        if (Path.GetRelativePath(lib.FullName, dll).Split(Path.DirectorySeparatorChar)[0] != "bin")
            return null;
        var built = File.GetLastWriteTimeUtc(dll);
        var changed = Sources(lib).Where(source => source.LastWriteTimeUtc > built).MaxBy(source => source.LastWriteTimeUtc);
        return changed is null
            ? null
            : $"WARNING: lib/{Path.GetRelativePath(lib.FullName, changed.FullName).Replace('\\', '/')} changed after "
                + "NirNet.dll was built: run the build cell above, restart the kernel and run the notebook from the top.";
    }

    /// <summary>The id the compiler gives each build of an assembly (the same for the same source: builds are deterministic).</summary>
    internal static Guid ModuleVersionId(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        var metadata = pe.GetMetadataReader();
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }

    // The library's C# files and project file, not its build output, nor its notebook companion (Interactive/), whose
    // changes rebuild only NirNet.Interactive.dll.
    static IEnumerable<FileInfo> Sources(DirectoryInfo lib) =>
        lib.EnumerateFiles().Where(file => file.Extension is ".cs" or ".csproj")
            .Concat(lib.EnumerateDirectories()
                .Where(folder => folder.Name is not ("bin" or "obj" or "Interactive"))
                .SelectMany(folder => folder.EnumerateFiles("*.cs", SearchOption.AllDirectories)));
}
