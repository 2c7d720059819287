namespace NirNet.NotebookRunner;

/// <summary>Folders of the repository, found by <see cref="RepositoryRoot"/>.</summary>
internal sealed record Repository(string Root)
{
    public string Notebooks => Path.Combine(Root, "notebooks");
    /// <summary>What the notebooks' build cell builds: the library's notebook companion, which builds the library first.</summary>
    public string NotebookLibrary => Path.Combine(Root, "lib", "Interactive", "NirNet.Interactive.csproj");
    public string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>The repository that contains <paramref name="start"/> (default: the current folder, then this program's folder).</summary>
    public static Repository Find(string? start = null) =>
        RepositoryRoot.Find(start ?? Directory.GetCurrentDirectory(), AppContext.BaseDirectory) is { } root
            ? new Repository(root)
            : throw new InvalidOperationException($"Could not find the repository root (a folder holding {RepositoryRoot.Marker}) above the current folder.");

    /// <summary>The chapter notebooks' sources, in reading order.</summary>
    public IReadOnlyList<string> NotebookSources() =>
        Directory.GetFiles(Notebooks, "*.dib").Order(StringComparer.Ordinal).ToList();
}
