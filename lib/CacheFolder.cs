namespace NirNet;

/// <summary>The library's folder in the user's cache (<c>$XDG_CACHE_HOME/nirnet</c>, else <c>~/.cache/nirnet</c>).</summary>
internal static class CacheFolder
{
    /// <summary>A subfolder of the library's cache folder, for example <c>native</c> or <c>datasets</c>.</summary>
    public static string Of(string name)
    {
        string root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "nirnet", name);
    }
}
