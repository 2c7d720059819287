using System.Text.RegularExpressions;

namespace NirNet.Tests;

/// <summary>
/// Folders of the library are layers: no two folders use each other's types, directly or through others. The test reads
/// every <c>lib/**/*.cs</c> file of the library's own project (not <c>obj</c> or <c>bin</c>, and not a folder holding a
/// project of its own, such as <c>Interactive</c>), maps each file to its folder (a file directly in <c>lib</c> to the
/// root), finds which other folders' types each folder names (by <c>using NirNet.X</c> and by the names of the types each
/// folder declares, outside comments and string literals), and fails on a cycle, printing it with the files that make it.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>
    /// The one file that may use every folder: <c>Setup</c> connects the notebook kernel to the training view (the
    /// composition root), while every folder calls its native loading; its edges are left out.
    /// </summary>
    static readonly string[] EntryPoints = ["Setup.cs"];

    const string Root = "(root)";

    [Fact]
    public void The_library_folders_form_no_cycle()
    {
        var graph = FolderGraph(Path.Combine(Notebooks.Repository.Root, "lib"));

        Assert.True(graph.Edges.Count > 0, "no dependencies found between folders: the reader of lib/ is broken.");
        var cycle = FindCycle(graph.Edges.Keys.ToDictionary(from => from, from => (IReadOnlyCollection<string>)graph.Edges[from].Keys));
        Assert.True(cycle is null, cycle is null ? "" :
            $"the folders {string.Join(" → ", cycle)} use each other:\n" +
            string.Join("\n", cycle.Zip(cycle.Skip(1)).Select(e => $"  {e.First} → {e.Second}: {graph.Edges[e.First][e.Second]}")));
    }

    [Fact]
    public void The_known_layers_point_one_way()
    {
        var edges = FolderGraph(Path.Combine(Notebooks.Repository.Root, "lib")).Edges;

        // The two cycles the layering removed: models predicted through the training folder, and the training view drew
        // with the charts' palette.
        Assert.False(edges.GetValueOrDefault("Models")?.ContainsKey("Training") ?? false, "Models uses Training");
        Assert.False(edges.GetValueOrDefault("Training")?.ContainsKey("Charts") ?? false, "Training uses Charts");
        Assert.True(edges["Charts"].ContainsKey("Training"));
        Assert.True(edges["Training"].ContainsKey("Models"));
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle_in_a_small_graph_and_none_in_a_layered_one()
    {
        var cyclic = new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["Charts"] = ["Training", "Data"],
            ["Training"] = ["Models", "Data"],
            ["Models"] = ["Data", "Charts"],
            ["Data"] = [],
        };
        var layered = new Dictionary<string, IReadOnlyCollection<string>>(cyclic) { ["Models"] = ["Data"] };

        Assert.Equal(["Charts", "Training", "Models", "Charts"], FindCycle(cyclic));
        Assert.Null(FindCycle(layered));
        Assert.Equal(["A", "A"], FindCycle(new Dictionary<string, IReadOnlyCollection<string>> { ["A"] = ["A"] }));
    }

    [Fact]
    public void The_reader_sees_uses_by_namespace_and_by_type_name_but_not_in_comments_or_strings()
    {
        string lib = Directory.CreateTempSubdirectory("nirnet-layers-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(lib, "A"));
            Directory.CreateDirectory(Path.Combine(lib, "B"));
            Directory.CreateDirectory(Path.Combine(lib, "C"));
            Directory.CreateDirectory(Path.Combine(lib, "C", "obj"));
            File.WriteAllText(Path.Combine(lib, "A", "Apple.cs"), "namespace NirNet.A;\nusing NirNet.B;\npublic sealed class Apple { }\n");
            File.WriteAllText(Path.Combine(lib, "B", "Banana.cs"),
                "namespace NirNet.B;\n/// <see cref=\"Cherry\"/>\npublic static class Banana { static string S = \"Cherry\"; // Cherry\n static Apple a; }\n");
            File.WriteAllText(Path.Combine(lib, "C", "Cherry.cs"), "namespace NirNet.C;\npublic sealed record Cherry;\n");
            File.WriteAllText(Path.Combine(lib, "C", "obj", "Generated.cs"), "namespace NirNet.C;\nclass Generated { Apple a; }\n");

            var edges = FolderGraph(lib).Edges;

            Assert.Equal(["B"], edges["A"].Keys);
            Assert.Equal(["A"], edges["B"].Keys);
            Assert.False(edges.ContainsKey("C"));
            var cycle = FindCycle(edges.ToDictionary(e => e.Key, e => (IReadOnlyCollection<string>)e.Value.Keys));
            Assert.NotNull(cycle);
            Assert.Equal(cycle[0], cycle[^1]);
            Assert.Equal(["A", "B"], cycle.Distinct().Order());
        }
        finally
        {
            Directory.Delete(lib, recursive: true);
        }
    }

    /// <summary>The folders' uses of each other: from → to → the first file and name that shows it.</summary>
    sealed record Graph(Dictionary<string, Dictionary<string, string>> Edges);

    static Graph FolderGraph(string lib)
    {
        var files = SourceFiles(lib).Select(path => (Path: path, Folder: FolderOf(lib, path), Code: CodeOnly(File.ReadAllText(path)))).ToList();
        var declaredIn = new Dictionary<string, HashSet<string>>();
        foreach (var file in files)
            foreach (Match m in Declaration().Matches(file.Code))
                (declaredIn.TryGetValue(m.Groups["name"].Value, out var set) ? set : declaredIn[m.Groups["name"].Value] = []).Add(file.Folder);
        var folders = files.Select(f => f.Folder).ToHashSet();
        var edges = new Dictionary<string, Dictionary<string, string>>();
        void Add(string from, string to, string evidence)
        {
            if (from == to) return;
            var targets = edges.TryGetValue(from, out var t) ? t : edges[from] = [];
            targets.TryAdd(to, evidence);
        }
        foreach (var file in files)
        {
            if (EntryPoints.Contains(Path.GetFileName(file.Path)) && file.Folder == Root) continue;
            string where = Path.GetRelativePath(lib, file.Path);
            foreach (Match m in Using().Matches(file.Code))
                if (folders.Contains(m.Groups["folder"].Value))
                    Add(file.Folder, m.Groups["folder"].Value, $"{where}: using NirNet.{m.Groups["folder"].Value}");
            var own = Declaration().Matches(file.Code).Select(m => m.Groups["name"].Value).ToHashSet();
            foreach (Match m in Identifier().Matches(file.Code))
            {
                string name = m.Value;
                // A name the folder declares itself is its own, even if another folder declares one too.
                if (own.Contains(name) || !declaredIn.TryGetValue(name, out var owners) || owners.Contains(file.Folder)) continue;
                foreach (string owner in owners) Add(file.Folder, owner, $"{where}: {name}");
            }
        }
        return new Graph(edges);
    }

    /// <summary>The library's own source files: none under obj or bin, none in a folder with a project file of its own.</summary>
    static IEnumerable<string> SourceFiles(string lib)
    {
        bool OwnProject(string folder) => folder != lib && Directory.EnumerateFiles(folder, "*.csproj").Any();
        var pending = new Stack<string>([lib]);
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            foreach (string file in Directory.EnumerateFiles(folder, "*.cs").Order())
                yield return file;
            foreach (string sub in Directory.EnumerateDirectories(folder).Order())
                if (Path.GetFileName(sub) is not ("obj" or "bin") && !OwnProject(sub))
                    pending.Push(sub);
        }
    }

    /// <summary>The first folder below <c>lib</c> that holds <paramref name="path"/>, or the root for a file directly in it.</summary>
    static string FolderOf(string lib, string path)
    {
        string relative = Path.GetRelativePath(lib, path);
        int slash = relative.IndexOfAny(['/', '\\']);
        return slash < 0 ? Root : relative[..slash];
    }

    /// <summary>
    /// The code without comments, string and character literals (a doc comment's cref is not a use), keeping the
    /// expressions in the holes of interpolated strings.
    /// </summary>
    static string CodeOnly(string source) => CommentsAndLiterals().Replace(source, m =>
        m.Value.StartsWith('/') ? " "
        : m.Value.StartsWith('$') ? " " + string.Join(" ", Hole().Matches(m.Value).Select(h => h.Groups["code"].Value)) + " "
        : "\"\"");

    /// <summary>
    /// A cycle in the graph as the path around it, its first node repeated at the end (<c>A → B → A</c>); null when there
    /// is none. Nodes are visited in order, so that the cycle found is the same from run to run.
    /// </summary>
    static List<string>? FindCycle(IReadOnlyDictionary<string, IReadOnlyCollection<string>> edges)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            int index = path.IndexOf(node);
            if (index >= 0) return [.. path.Skip(index), node];
            if (!done.Add(node)) return null;
            path.Add(node);
            foreach (string next in edges.GetValueOrDefault(node) ?? [])
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        foreach (string node in edges.Keys)
            if (Visit(node) is { } cycle) return cycle;
        return null;
    }

    /// <summary>A top-level type's declaration (at the start of a line, in a file-scoped namespace); nested types are reached through theirs.</summary>
    [GeneratedRegex(@"^(?:(?:public|internal|static|sealed|abstract|readonly|partial|file)\s+)*(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?(?<name>[A-Z]\w*)", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?NirNet\.(?<folder>\w+)", RegexOptions.Multiline)]
    private static partial Regex Using();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex("""//[^\n]*|/\*.*?\*/|\$*"{3,}.*?"{3,}|\$?@\$?"(?:[^"]|"")*"|\$?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)'""", RegexOptions.Singleline)]
    private static partial Regex CommentsAndLiterals();

    [GeneratedRegex(@"\{+(?<code>[^{}""]+)\}+")]
    private static partial Regex Hole();
}
