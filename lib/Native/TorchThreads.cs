using System.Globalization;
using TorchSharp;

namespace NirNet.Native;

/// <summary>
/// How many threads libtorch uses for one operation: the number in the <c>NIRNET_THREADS</c> environment variable when it
/// is set, else one. Measured on a 2-core machine (a chapter-2 workload of ten stacked networks, 150 epochs): alone, one
/// thread took 10.9 s and two 10.6 s — the series' small matrix products gain nothing from a second thread — but with two
/// other busy processes on the cores, two threads took 91.1 s (their OpenMP workers spin-wait for each other) and one
/// thread 15.7 s. One thread degrades gracefully; set <c>NIRNET_THREADS</c> for more. The other cores are used by
/// the engine's <c>Stacked.Compare</c>, which splits its networks into one stack per core over this count.
/// </summary>
internal static class TorchThreads
{
    /// <summary>The environment variable's name.</summary>
    public const string Variable = "NIRNET_THREADS";

    /// <summary>The thread count a value of <see cref="Variable"/> asks for; 1 when it is unset or empty.</summary>
    /// <exception cref="InvalidSettingException">The value is not a whole number of at least 1.</exception>
    public static int Requested(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return 1;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int threads) && threads >= 1)
            return threads;
        throw new InvalidSettingException(Variable, $"must be a whole number of threads, at least 1, got '{value}'.");
    }

    /// <summary>Sets libtorch's thread count from <see cref="Variable"/> (one when unset); the natives must be loaded.</summary>
    public static void Apply() => torch.set_num_threads(Requested(Environment.GetEnvironmentVariable(Variable)));
}
