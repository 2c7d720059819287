using System.Globalization;
using TorchSharp;

namespace NirNet.Native;

/// <summary>
/// How many threads libtorch uses for one operation: the number in the <c>NIRNET_THREADS</c> environment variable when it
/// is set (for example 1 on a machine whose cores another job is using), else libtorch's own default, left untouched.
/// </summary>
internal static class TorchThreads
{
    /// <summary>The environment variable's name.</summary>
    public const string Variable = "NIRNET_THREADS";

    /// <summary>The thread count a value of <see cref="Variable"/> asks for; null when it is unset or empty.</summary>
    /// <exception cref="InvalidSettingException">The value is not a whole number of at least 1.</exception>
    public static int? Requested(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int threads) && threads >= 1)
            return threads;
        throw new InvalidSettingException(Variable, $"must be a whole number of threads, at least 1, got '{value}'.");
    }

    /// <summary>Sets libtorch's thread count from <see cref="Variable"/>, if set; the natives must be loaded.</summary>
    public static void Apply()
    {
        if (Requested(Environment.GetEnvironmentVariable(Variable)) is int threads)
            torch.set_num_threads(threads);
    }
}
