namespace NirNet.NotebookRunner;

/// <summary>Folders of the repository, found by walking up to the folder that holds <c>NirNet.slnx</c>.</summary>
internal sealed record Repository(string Root)
{
    public string Notebooks => Path.Combine(Root, "notebooks");
    public string Library => Path.Combine(Root, "lib", "NirNet.csproj");
    public string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>The repository that contains <paramref name="start"/> (default: the current folder, then this program's folder).</summary>
    public static Repository Find(string? start = null)
    {
        foreach (var origin in new[] { start ?? Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "NirNet.slnx")))
                    return new Repository(dir.FullName);
        }
        throw new InvalidOperationException("Could not find the repository root (a folder holding NirNet.slnx) above the current folder.");
    }

    /// <summary>The chapter notebooks' sources, in reading order.</summary>
    public IReadOnlyList<string> NotebookSources() =>
        Directory.GetFiles(Notebooks, "*.dib").Order(StringComparer.Ordinal).ToList();
}
