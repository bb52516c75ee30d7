using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace MemDsl.Onnx.Tests;

public sealed class DeviceTests(ITestOutputHelper output)
{
    [Fact]
    public void Auto_falls_back_to_cpu_with_a_logged_reason_when_cuda_is_not_usable()
    {
        var logger = new ListLogger<MiniLMEmbedder>();
        using var embedder = new MiniLMEmbedder(new MiniLMEmbedderOptions { Device = Device.Auto, IntraOpThreads = 1 }, logger);
        if (embedder.ActiveDevice == Device.Cuda)
        {
            // A machine with a usable GPU: no fallback, and the log says CUDA.
            Assert.Contains(logger.Entries, e => e.Message.Contains("runs on Cuda", StringComparison.Ordinal));
            return;
        }

        Assert.Equal(Device.Cpu, embedder.ActiveDevice);
        var fallback = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        output.WriteLine(fallback.Message);
        Assert.Contains("falling back to CPU", fallback.Message, StringComparison.Ordinal);
        Assert.True(fallback.Message.Length > 80, $"The fallback should say why: {fallback.Message}");
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("runs on Cpu (requested Auto", StringComparison.Ordinal));
    }

    [Fact]
    public void Cuda_requested_without_cuda_fails_with_a_clear_message()
    {
        MiniLMEmbedder? embedder = null;
        try
        {
            embedder = new MiniLMEmbedder(new MiniLMEmbedderOptions { Device = Device.Cuda, IntraOpThreads = 1 });
            Assert.Equal(Device.Cuda, embedder.ActiveDevice); // only on a machine with a usable GPU
        }
        catch (InvalidOperationException exception)
        {
            output.WriteLine(exception.Message);
            Assert.Contains("Device.Cuda was requested", exception.Message, StringComparison.Ordinal);
            Assert.Contains("CUDA execution provider is not usable", exception.Message, StringComparison.Ordinal);
            Assert.Contains("cuBLAS", exception.Message, StringComparison.Ordinal);
            Assert.Contains("libonnxruntime_providers_cuda", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            embedder?.Dispose();
        }
    }

    [Fact]
    public void Cpu_is_used_without_trying_cuda()
    {
        var logger = new ListLogger<MiniLMEmbedder>();
        using var embedder = new MiniLMEmbedder(new MiniLMEmbedderOptions { Device = Device.Cpu, IntraOpThreads = 1 }, logger);
        Assert.Equal(Device.Cpu, embedder.ActiveDevice);
        Assert.DoesNotContain(logger.Entries, e => e.Level == LogLevel.Warning);
    }

    [Theory]
    [InlineData(nameof(MiniLMEmbedderOptions.IntraOpThreads), -1)]
    [InlineData(nameof(MiniLMEmbedderOptions.IntraOpThreads), 257)]
    [InlineData(nameof(MiniLMEmbedderOptions.MaxBatchSize), 0)]
    [InlineData(nameof(MiniLMEmbedderOptions.MaxBatchSize), 1025)]
    [InlineData(nameof(MiniLMEmbedderOptions.MaxTokens), 1)]
    [InlineData(nameof(MiniLMEmbedderOptions.MaxTokens), 513)]
    [InlineData(nameof(MiniLMEmbedderOptions.Device), 7)]
    public void Options_out_of_range_fail_at_start_naming_the_option(string option, int value)
    {
        var options = new MiniLMEmbedderOptions();
        typeof(MiniLMEmbedderOptions).GetProperty(option)!.SetValue(options, option == nameof(MiniLMEmbedderOptions.Device) ? (Device)value : value);
        var exception = Assert.Throws<ArgumentException>(() => new MiniLMEmbedder(options));
        Assert.Equal(option, exception.ParamName);
        Assert.Contains("must be", exception.Message, StringComparison.Ordinal);
    }
}
