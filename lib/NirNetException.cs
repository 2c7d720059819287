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
