using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Engine;

/// <summary>
/// A network or setting the engine was given lives on a device other than the CPU. The engine writes weights through
/// CPU memory and splits work across CPU threads, so it trains on the CPU only; train on another device with
/// <c>Trainer.Fit</c> or <c>Trainer.Repeat</c> of the core, which train on whatever device the network is on.
/// </summary>
public sealed class CpuOnlyException : NirNetException
{
    /// <summary>Creates the exception naming the parameter and the device found.</summary>
    public CpuOnlyException(string parameter, string device)
        : base($"{parameter}: the engine (Stacked) trains on the CPU only, but got tensors on {device}. "
            + "Train networks on another device one by one with Trainer.Fit or Trainer.Repeat, which train on the network's device.")
    {
        Parameter = parameter;
        Device = device;
    }

    /// <summary>The parameter whose tensors were not on the CPU.</summary>
    public string Parameter { get; }

    /// <summary>The device they were on, for example <c>cuda:0</c>.</summary>
    public string Device { get; }
}

/// <summary>The engine's check that what it is given lives on the CPU.</summary>
internal static class CpuOnly
{
    /// <summary>Throws <see cref="CpuOnlyException"/> naming <paramref name="parameter"/> when a tensor is not on the CPU.</summary>
    public static void Check(IEnumerable<Tensor> tensors, string parameter)
    {
        foreach (var tensor in tensors)
            if (tensor.device_type != DeviceType.CPU)
                throw new CpuOnlyException(parameter, tensor.device.ToString());
    }

    /// <inheritdoc cref="Check(IEnumerable{Tensor}, string)"/>
    public static void Check(IEnumerable<Parameter> parameters, string parameter) => Check(parameters.Cast<Tensor>(), parameter);
}
