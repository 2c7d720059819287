using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>
/// A chapter other than 00 opens on its own, in the real kernel, from a copy of the repository in which lib/ was never
/// built; and once lib/ changes under the running kernel, the set-up cell and the build cell say what to do (the kernel
/// goes on after a failed cell, so that one run shows all three).
/// </summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class LibraryBuildNotebookTests
{
    const string Chapter = "04-optimizers.dib";

    [Fact]
    public async Task A_chapter_builds_the_library_from_scratch_and_asks_for_a_restart_when_lib_changes_later()
    {
        string copy = FreshCopy();
        string chapter = File.ReadAllText(Notebooks.Source(Chapter));
        string opening = chapter[..chapter.IndexOf("\n#!", chapter.IndexOf("Setup.Initialize(", StringComparison.Ordinal), StringComparison.Ordinal)];
        string buildCell = opening.Split("#!csharp").Single(c => c.Contains("LibraryBuild.Run()", StringComparison.Ordinal));
        string notebook = Path.Combine(copy, "notebooks", Chapter);
        File.WriteAllText(notebook, opening + $$"""

            #!csharp

            System.IO.File.WriteAllText("../lib/ChangedAfterLoading.cs", "namespace NirNet; internal static class ChangedAfterLoading { }");

            #!csharp

            Setup.Initialize(seed: 42);

            #!csharp
            {{buildCell.Trim()}}

            #!csharp

            Setup.Initialize(seed: 42);
            """);

        var executed = await new NotebookExecutor(Notebooks.Repository).ExecuteAsync(notebook, Path.Combine(copy, "executed"));

        var cells = executed.CodeCells.ToList();
        Assert.True(cells.Count == 6, executed.Report());
        Assert.All(cells.Take(4), cell => Assert.True(!cell.Errors.Any(), executed.Report()));
        Assert.Contains("First build of lib/", cells[0].AllText);
        Assert.Contains("Built ../lib/bin/Release/net10.0/NirNet.dll.", cells[0].AllText);
        Assert.Contains("NirNet 0.1.0 | TorchSharp", cells[1].AllText);
        Assert.DoesNotContain("WARNING", cells[1].AllText);
        Assert.Contains("WARNING: lib/ChangedAfterLoading.cs changed after NirNet.dll was built", cells[3].AllText);
        var refused = Assert.Single(cells[4].Errors);
        Assert.Contains("restart the kernel", refused.Text);
        Assert.Contains("WARNING: NirNet.dll was rebuilt after this kernel loaded it", cells[5].AllText);
        Directory.Delete(copy, recursive: true);
    }

    /// <summary>
    /// What a clone holds for building lib/, without its build output, under artifacts/ (where the tool manifest that
    /// provides dotnet-repl is found), with its own repository marker and build settings.
    /// </summary>
    static string FreshCopy()
    {
        string root = Notebooks.Repository.Root, copy = Path.Combine(Notebooks.Repository.Artifacts, "fresh-clone-test");
        if (Directory.Exists(copy))
            Directory.Delete(copy, recursive: true);
        foreach (var file in new[] { "NirNet.slnx", "global.json", "Directory.Build.props", "Directory.Packages.props" })
            CopyFile(Path.Combine(root, file), Path.Combine(copy, file));
        CopyFile(Path.Combine(root, "notebooks", "library-build.csx"), Path.Combine(copy, "notebooks", "library-build.csx"));
        string lib = Path.Combine(root, "lib");
        foreach (var file in Directory.EnumerateFiles(lib, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(lib, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "obj"))
                CopyFile(file, Path.Combine(copy, "lib", relative));
        }
        return copy;
    }

    static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }
}
