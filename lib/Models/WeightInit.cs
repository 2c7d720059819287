using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NirNet.Models;

/// <summary>How the weights of a new network are drawn; biases always start at zero (chapter 2).</summary>
public enum WeightInit
{
    /// <summary>Keras's default, which the original TensorFlow series got: uniform within ±√(6 / (fan_in + fan_out)).</summary>
    GlorotUniform,

    /// <summary>He (Kaiming) uniform, within ±√(6 / fan_in): twice Glorot's variance for a square layer, chosen so that
    /// signals keep their size through ReLU layers, which zero half of their inputs (He et al., 2015).</summary>
    HeUniform,
}
