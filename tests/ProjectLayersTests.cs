using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NirNet.Engine;
using NirNet.Training;

namespace NirNet.Tests;

/// <summary>
/// The library's layers point one way: the engine (lib/Engine) uses the teaching core (lib/NirNet.csproj), the core
/// uses the native loading of lib/Native/, and nothing points back. Read from the project files and from the built
/// assemblies' references, so that a reference added in either place is seen.
/// </summary>
public sealed partial class ProjectLayersTests
{
    static string Lib => Path.Combine(Notebooks.Repository.Root, "lib");

    /// <summary>The library's projects and the projects each references, by file name without extension.</summary>
    static Dictionary<string, string[]> ProjectGraph() =>
        Directory.EnumerateFiles(Lib, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => XDocument.Load(p).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!)).ToArray());

    /// <summary>A cycle in <paramref name="graph"/> as the nodes along it, or null when there is none.</summary>
    internal static IReadOnlyList<string>? Cycle(IReadOnlyDictionary<string, string[]> graph)
    {
        var state = new Dictionary<string, bool>(); // false: on the current path; true: done
        var path = new List<string>();
        IReadOnlyList<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out bool done))
                return done ? null : [.. path.Skip(path.IndexOf(node)), node];
            state[node] = false;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []))
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = true;
            return null;
        }
        return graph.Keys.Select(Visit).FirstOrDefault(c => c is not null);
    }

    [Fact]
    public void The_cycle_check_finds_a_cycle_and_accepts_a_chain()
    {
        Assert.Equal(["NirNet.Engine", "NirNet", "NirNet.Engine"],
            Cycle(new Dictionary<string, string[]> { ["NirNet.Engine"] = ["NirNet"], ["NirNet"] = ["NirNet.Engine"] }));
        Assert.Null(Cycle(new Dictionary<string, string[]> { ["NirNet.Engine"] = ["NirNet"], ["NirNet.Interactive"] = ["NirNet", "NirNet.Engine"], ["NirNet"] = [] }));
    }

    [Fact]
    public void The_projects_reference_each_other_one_way_only()
    {
        var graph = ProjectGraph();

        Assert.Equal(["NirNet"], graph["NirNet.Engine"]);
        Assert.Empty(graph["NirNet"]);
        Assert.Null(Cycle(graph));
    }

    [Fact]
    public void The_core_assembly_does_not_reference_the_engine()
    {
        var core = typeof(Trainer).Assembly;
        var engine = typeof(Stacked).Assembly;

        Assert.NotEqual(core, engine);
        Assert.Contains(engine.GetReferencedAssemblies(), a => a.Name == core.GetName().Name);
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name == engine.GetName().Name);
        Assert.DoesNotContain(core.GetTypes(), t => t.Namespace == "NirNet.Engine");
    }

    /// <summary>Native loading is the bottom layer: its files use nothing of the core but the exceptions and the cache folder.</summary>
    [Fact]
    public void Native_loading_uses_no_other_part_of_the_library()
    {
        string[] layersAbove = ["Training", "Models", "Data", "Charts", "Chemometrics", "Engine", "Interactive"];
        var uses = Directory.EnumerateFiles(Path.Combine(Lib, "Native"), "*.cs")
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetFileName(file), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .Where(l => layersAbove.Any(layer => Regex.IsMatch(l.Text, $@"\b(NirNet\.)?{layer}\.[A-Z]|using NirNet\.{layer}\b")))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();

        Assert.True(uses.Count == 0, string.Join("\n", uses));
    }

    /// <summary>
    /// The native loader is reached through Setup only, and Setup.EnsureNativeLoaded is called only where a program can make
    /// its first tensor without holding one: every other member takes a network or a tensor, so the natives are loaded by then.
    /// </summary>
    [Fact]
    public void The_native_loader_is_reached_from_setup_and_the_first_tensor_makers_only()
    {
        var callers = Directory.EnumerateFiles(Lib, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LoaderCall().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(Lib, f).Replace('\\', '/')}: {m.Value}"))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal([
            "Data/SpectralDataset.cs: Setup.EnsureNativeLoaded()",
            "Models/Activations.cs: Setup.EnsureNativeLoaded()",
            "Models/Networks.cs: Setup.EnsureNativeLoaded()",
            "Models/Networks.cs: Setup.EnsureNativeLoaded()",
            "Models/TrainedModel.cs: Setup.EnsureNativeLoaded()",
            "Setup.cs: TorchNativeLoader.EnsureLoaded()",
            "Setup.cs: TorchNativeLoader.EnsureLoaded()",
        ], callers);
    }

    [GeneratedRegex(@"(Setup\.EnsureNativeLoaded|TorchNativeLoader\.EnsureLoaded)\(\)")]
    private static partial Regex LoaderCall();
}
