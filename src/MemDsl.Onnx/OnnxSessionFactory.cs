using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace MemDsl.Onnx;

/// <summary>
/// The one place that turns a <see cref="Device"/> into a running <see cref="InferenceSession"/>.
/// <see cref="Device.Auto"/> tries the CUDA execution provider and falls back to CPU when the provider
/// cannot be appended (its libraries — libonnxruntime_providers_cuda, cuBLAS, cuDNN, the CUDA runtime —
/// are absent) or a session cannot start on it (no GPU); the fallback and its reason are logged.
/// <see cref="Device.Cuda"/> fails instead of falling back.
/// </summary>
public static class OnnxSessionFactory
{
    /// <summary>Creates a session for <paramref name="model"/> on <paramref name="device"/>.</summary>
    /// <param name="model">The ONNX model bytes.</param>
    /// <param name="modelName">A name for log messages.</param>
    /// <param name="device">The requested device.</param>
    /// <param name="intraOpThreads">Intra-op threads; 0 lets ONNX Runtime choose (one per physical core).</param>
    /// <param name="logger">Receives the chosen device and any fallback reason.</param>
    /// <param name="activeDevice">The device the session runs on: <see cref="Device.Cpu"/> or <see cref="Device.Cuda"/>.</param>
    /// <exception cref="InvalidOperationException"><paramref name="device"/> is <see cref="Device.Cuda"/> and CUDA is not usable.</exception>
    public static InferenceSession Create(byte[] model, string modelName, Device device, int intraOpThreads, ILogger? logger, out Device activeDevice) =>
        Create(model, modelName, device, intraOpThreads, logger, out activeDevice, configure: null);

    /// <summary>Creates a session for <paramref name="model"/> on <paramref name="device"/>, with options of the caller's added.</summary>
    /// <param name="model">The ONNX model bytes.</param>
    /// <param name="modelName">A name for log messages.</param>
    /// <param name="device">The requested device.</param>
    /// <param name="intraOpThreads">Intra-op threads; 0 lets ONNX Runtime choose (one per physical core).</param>
    /// <param name="logger">Receives the chosen device and any fallback reason.</param>
    /// <param name="activeDevice">The device the session runs on: <see cref="Device.Cpu"/> or <see cref="Device.Cuda"/>.</param>
    /// <param name="configure">Adds to the options of every session tried (configuration entries, initializers), after the factory's own settings.</param>
    /// <exception cref="InvalidOperationException"><paramref name="device"/> is <see cref="Device.Cuda"/> and CUDA is not usable.</exception>
    public static InferenceSession Create(byte[] model, string modelName, Device device, int intraOpThreads, ILogger? logger, out Device activeDevice, Action<SessionOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(modelName);
        if (intraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intraOpThreads), intraOpThreads, "Intra-op threads must be 0 (ONNX Runtime's choice) or more.");
        }

        if (!Enum.IsDefined(device))
        {
            throw new ArgumentOutOfRangeException(nameof(device), device, "The device must be Auto, Cpu or Cuda.");
        }

        logger ??= NullLogger.Instance;
        if (device != Device.Cpu)
        {
            var session = TryCreateCuda(model, intraOpThreads, configure, out var reason, out var providerLoaded);
            if (session is not null)
            {
                activeDevice = Device.Cuda;
                OnnxLog.SessionStarted(logger, modelName, activeDevice, device, intraOpThreads);
                return session;
            }

            if (device == Device.Cuda)
            {
                // The provider loaded but the session did not start: if the model (or its options)
                // fails on CPU as well, that is the error to report, not CUDA.
                if (providerLoaded)
                {
                    using var options = CreateOptions(intraOpThreads, configure);
                    new InferenceSession(model, options).Dispose();
                }

                throw new InvalidOperationException(
                    $"Device.Cuda was requested for '{modelName}', but the CUDA execution provider is not usable on this machine: {reason} " +
                    "It needs an NVIDIA GPU with its driver, and the CUDA runtime, cuBLAS/cuBLASLt and cuDNN libraries this ONNX Runtime build links against (named in the reason) on the library path. Use Device.Auto to fall back to CPU.");
            }

            OnnxLog.CudaFallback(logger, modelName, reason);
        }

        activeDevice = Device.Cpu;
        using (var options = CreateOptions(intraOpThreads, configure))
        {
            var session = new InferenceSession(model, options);
            OnnxLog.SessionStarted(logger, modelName, activeDevice, device, intraOpThreads);
            return session;
        }
    }

    private static SessionOptions CreateOptions(int intraOpThreads, Action<SessionOptions>? configure)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        try
        {
            configure?.Invoke(options);
        }
        catch
        {
            options.Dispose();
            throw;
        }

        return options;
    }

    // ONNX Runtime's own message says only "Failed to load shared library"; loading the provider library
    // ourselves gets the loader's message, which names the missing dependency (e.g. libcublasLt.so.13).
    private static string DiagnoseCudaProvider()
    {
        var fileName = OperatingSystem.IsWindows() ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var rid = $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        foreach (var path in new[] { Path.Combine(AppContext.BaseDirectory, fileName), Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", fileName) })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                NativeLibrary.Free(NativeLibrary.Load(path));
                return $" ({fileName} itself loads.)";
            }
            catch (DllNotFoundException exception)
            {
                return $" Loading {path}: {exception.Message.ReplaceLineEndings(" ").Trim()}";
            }
        }

        return $" {fileName} is not in the application directory; reference Microsoft.ML.OnnxRuntime.Gpu.";
    }

    private static InferenceSession? TryCreateCuda(byte[] model, int intraOpThreads, Action<SessionOptions>? configure, out string reason, out bool providerLoaded)
    {
        var options = CreateOptions(intraOpThreads, configure);
        providerLoaded = false;
        try
        {
            // Throws when libonnxruntime_providers_cuda.so or one of its dependencies cannot be loaded.
            options.AppendExecutionProvider_CUDA(0);
            providerLoaded = true;

            // Throws when the provider loads but no device can be used (no GPU, driver too old).
            var session = new InferenceSession(model, options);
            reason = string.Empty;
            return session;
        }
        catch (Exception exception) when (exception is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            reason = exception.Message.ReplaceLineEndings(" ").Trim() + DiagnoseCudaProvider();
            return null;
        }
        finally
        {
            // The session keeps what it needs from the options.
            options.Dispose();
        }
    }
}
