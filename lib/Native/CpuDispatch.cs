using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NirNet.Native;

/// <summary>
/// Makes libtorch compute the same bits on every x86-64 machine with AVX2. libtorch picks its CPU code by the machine it
/// runs on: ATen's vectorised kernels by instruction set, MKL's matrix products and random numbers by processor, oneDNN's
/// convolutions by instruction set (and cache sizes), NNPACK by whether it recognises the processor. Each choice rounds
/// differently, and early stopping turns a last-bit difference into another kept epoch, so a chapter printed other numbers
/// on another CPU. Measured on an AVX-512 machine (docs/reproducibility.md): oneDNN's instruction set alone moved every
/// convolutional network; ATen's and MKL's moved the Tecator and dropout networks. Pinned, before libtorch loads: ATen to
/// its AVX2 kernels (<c>ATEN_CPU_CAPABILITY=avx2</c>), MKL to its AVX2 branch in strict reproducible mode
/// (<c>MKL_CBWR=AVX2,STRICT</c>), oneDNN to at most AVX2 (<c>ONEDNN_MAX_CPU_ISA=AVX2</c>); after it loads, oneDNN and NNPACK
/// are switched off for convolutions, which then run on ATen's own kernels and MKL. The environment variable
/// <c>NIRNET_CPU_DISPATCH=native</c> leaves every choice to libtorch (faster on some machines, other numbers).
/// </summary>
internal static class CpuDispatch
{
    /// <summary>The environment variable that chooses the mode: <c>avx2</c> (pinned, the default) or <c>native</c>.</summary>
    public const string Variable = "NIRNET_CPU_DISPATCH";

    /// <summary>The variables set before libtorch loads, with their pinned values.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> PinnedVariables =
    [
        ("ATEN_CPU_CAPABILITY", "avx2"),
        ("MKL_CBWR", "AVX2,STRICT"),
        ("ONEDNN_MAX_CPU_ISA", "AVX2"),
    ];

    static readonly List<string> overridden = [];

    /// <summary>What a value of <see cref="Variable"/> asks for: true to pin (unset, empty or <c>avx2</c>), false for <c>native</c>.</summary>
    /// <exception cref="InvalidSettingException">Any other value.</exception>
    public static bool PinRequested(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "avx2" => true,
        "native" => false,
        _ => throw new InvalidSettingException(Variable, $"must be 'avx2' (the same numbers on every machine, the default) or 'native' (libtorch's own choice for this CPU), got '{value}'."),
    };

    /// <summary>
    /// Sets the variables of <see cref="PinnedVariables"/> in the process environment, where libtorch reads them; call it
    /// before libtorch loads. Does nothing in native mode or on a CPU without AVX2 and FMA.
    /// </summary>
    /// <param name="libTorchAlreadyLoaded">Whether libtorch was loaded before this call (then its choices are already made).</param>
    /// <returns>The mode in force, to be completed by <see cref="AfterLoad"/>.</returns>
    public static Mode BeforeLoad(bool libTorchAlreadyLoaded)
    {
        if (!PinRequested(Environment.GetEnvironmentVariable(Variable))) return Mode.Native;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return Mode.Unsupported;
        if (!Avx2.IsSupported || !Fma.IsSupported) return Mode.NoAvx2;
        if (libTorchAlreadyLoaded) return Mode.TooLate;
        foreach (var (name, value) in PinnedVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } own && own != value)
                overridden.Add($"{name}={own}");
            if (setenv(name, value, 1) != 0)
                throw new NativeSetupException($"Could not set {name}={value} in the process environment (setenv failed, errno {Marshal.GetLastPInvokeError()}).");
            Environment.SetEnvironmentVariable(name, value);
        }
        return Mode.Pinned;
    }

    /// <summary>
    /// In pinned mode, switches oneDNN and NNPACK off in libtorch's global context (libtorch must be loaded, from
    /// <paramref name="libTorchCpu"/>), and returns the report's phrase for the mode.
    /// </summary>
    public static string AfterLoad(Mode mode, IntPtr libTorchCpu)
    {
        if (mode == Mode.Pinned)
        {
            var context = GlobalContext(libTorchCpu);
            SetFlag(libTorchCpu, context, "_ZN2at7Context20setUserEnabledMkldnnEb", false);
            SetFlag(libTorchCpu, context, "_ZN2at7Context20setUserEnabledNNPACKEb", false);
        }
        return Describe(mode);
    }

    /// <summary>The report's phrase for a mode; empty for the pinned default, which needs no word in a chapter.</summary>
    public static string Describe(Mode mode) => mode switch
    {
        Mode.Pinned when overridden.Count == 0 => "",
        Mode.Pinned => $"CPU kernels: pinned to AVX2, replacing {string.Join(", ", overridden)} from the environment (set {Variable}=native to keep them)",
        Mode.Native => $"CPU kernels: libtorch's choice for this CPU ({Variable}=native), so trained networks may differ in the last bits from the committed chapters",
        Mode.NoAvx2 => "CPU kernels: not pinned (this CPU lacks AVX2 or FMA), so trained networks may differ in the last bits from the committed chapters",
        Mode.TooLate => "CPU kernels: not pinned (libtorch was loaded before Setup.Initialize), so trained networks may differ in the last bits from the committed chapters",
        Mode.Unsupported => "CPU kernels: not pinned (pinning is for x86-64 Linux)",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown mode"),
    };

    /// <summary>What <see cref="BeforeLoad"/> could do.</summary>
    public enum Mode
    {
        /// <summary>Pinned to AVX2 as described above.</summary>
        Pinned,
        /// <summary><see cref="Variable"/> is <c>native</c>.</summary>
        Native,
        /// <summary>The CPU lacks AVX2 or FMA, the floor of the pinned kernels.</summary>
        NoAvx2,
        /// <summary>libtorch was loaded before the library could set its environment.</summary>
        TooLate,
        /// <summary>Not x86-64 Linux.</summary>
        Unsupported,
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate IntPtr ContextGetter();

    // at::Context's setters are plain member functions: on x86-64 Linux the object is their first argument.
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate void ContextFlagSetter(IntPtr context, byte value);

    static IntPtr GlobalContext(IntPtr libTorchCpu) =>
        Marshal.GetDelegateForFunctionPointer<ContextGetter>(Export(libTorchCpu, "_ZN2at13globalContextEv"))();

    static void SetFlag(IntPtr libTorchCpu, IntPtr context, string symbol, bool value) =>
        Marshal.GetDelegateForFunctionPointer<ContextFlagSetter>(Export(libTorchCpu, symbol))(context, value ? (byte)1 : (byte)0);

    static IntPtr Export(IntPtr library, string symbol) =>
        NativeLibrary.TryGetExport(library, symbol, out var address)
            ? address
            : throw new NativeSetupException($"libtorch_cpu.so does not export {symbol}; this libtorch is not the one the library was written for (TorchSharp-cpu 0.107.0, libtorch 2.10).");

    [DllImport("libc.so.6", SetLastError = true)]
    static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
