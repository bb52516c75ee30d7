namespace MemDsl.Onnx;

/// <summary>Where an ONNX Runtime session runs.</summary>
public enum Device
{
    /// <summary>CUDA when its execution provider loads and a session starts on it; otherwise CPU, with the reason logged.</summary>
    Auto = 0,

    /// <summary>The CPU execution provider.</summary>
    Cpu = 1,

    /// <summary>The CUDA execution provider; fails with <see cref="InvalidOperationException"/> when it cannot be used.</summary>
    Cuda = 2,
}
