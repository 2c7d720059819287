namespace NirNet;

/// <summary>
/// The one exception family of the library: every error that a reader can act on (bad data, a bad
/// parameter, a native library that cannot be loaded) derives from it, and its message says what to do.
/// </summary>
public class NirNetException : Exception
{
    /// <summary>Creates the exception with a message a reader can act on.</summary>
    public NirNetException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public NirNetException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>The native TorchSharp libraries could not be prepared or loaded on this machine (chapter 0).</summary>
public sealed class NativeSetupException : NirNetException
{
    /// <summary>Creates the exception with a message naming the file and the cause.</summary>
    public NativeSetupException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public NativeSetupException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// Spectral data that cannot be used as it is: a missing or malformed file, a bad cell, an impossible split.
/// <see cref="File"/>, <see cref="Line"/> and <see cref="Column"/> say where, when known (chapter 1).
/// </summary>
public sealed class SpectralDataException : NirNetException
{
    /// <summary>Creates the exception; the message is prefixed with the location.</summary>
    public SpectralDataException(string message, string? file = null, int? line = null, string? column = null)
        : base(Locate(file, line, column) + message)
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file the problem is in, when it came from a file.</summary>
    public string? File { get; }

    /// <summary>The 1-based line of the file (the header is line 1).</summary>
    public int? Line { get; }

    /// <summary>The column's header name.</summary>
    public string? Column { get; }

    static string Locate(string? file, int? line, string? column)
    {
        var parts = new List<string>();
        if (file is not null) parts.Add(file);
        if (line is not null) parts.Add($"line {line}");
        if (column is not null) parts.Add($"column '{column}'");
        return parts.Count == 0 ? "" : string.Join(", ", parts) + ": ";
    }
}

/// <summary>A parameter outside its valid range or vocabulary; the message names the parameter and the valid values.</summary>
public sealed class InvalidSettingException : NirNetException
{
    /// <summary>Creates the exception for the named parameter.</summary>
    public InvalidSettingException(string parameter, string message) : base($"{parameter}: {message}") => Parameter = parameter;

    /// <summary>The parameter's name.</summary>
    public string Parameter { get; }
}

/// <summary>
/// A saved model that cannot be read back or written (chapter 8): a missing folder or file, a damaged or hand-edited file,
/// a format version newer than this library reads, weights that do not fit the network the metadata describes.
/// The message starts with <see cref="Path"/>, the file or folder concerned.
/// </summary>
public sealed class ModelFileException : NirNetException
{
    /// <summary>Creates the exception; the message is prefixed with <paramref name="path"/>.</summary>
    public ModelFileException(string path, string message) : base($"{path}: {message}") => Path = path;

    /// <summary>Creates the exception with the underlying cause; the message is prefixed with <paramref name="path"/>.</summary>
    public ModelFileException(string path, string message, Exception innerException) : base($"{path}: {message}", innerException) => Path = path;

    /// <summary>The file or folder the problem is in.</summary>
    public string Path { get; }
}
