namespace NirNet;

/// <summary>
/// Finds the series' repository: the nearest folder, from a starting folder upwards, that holds <c>NirNet.slnx</c>.
/// The one copy of this search, compiled into the library (its data files) and into the notebook runner.
/// </summary>
internal static class RepositoryRoot
{
    /// <summary>The file that marks the repository's root folder.</summary>
    public const string Marker = "NirNet.slnx";

    /// <summary>The root above the first of <paramref name="origins"/> that lies inside the repository; null when none does.</summary>
    public static string? Find(params IEnumerable<string?> origins)
    {
        foreach (var origin in origins)
            for (var folder = origin is null ? null : new DirectoryInfo(origin); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, Marker)))
                    return folder.FullName;
        return null;
    }
}
