namespace MemDsl.Evaluation.Tests;

/// <summary>
/// The LoCoMo data README gives reference numbers from an independent implementation; a BM25 that
/// follows its rules reproduces them to three decimals, which checks loader, runner and metrics at once.
/// </summary>
public sealed class LoCoMoReferenceTests
{
    [Fact]
    public async Task The_bm25_baseline_reproduces_the_reference_row_on_dev()
    {
        var dataset = LoCoMoLoader.Load(RepositoryLayout.LoCoMoDev).Dataset;

        var result = await new BenchmarkRunner().RunOneAsync(BuiltInDesigns.Baseline("bm25"), dataset);

        Assert.Equal(581, result.QueriesScored);
        Assert.Equal(0.454, result.Overall.RecallAt(5), 0.0005);
        Assert.Equal(0.530, result.Overall.RecallAt(10), 0.0005);
        Assert.Equal(0.585, result.Overall.HitAt(10), 0.0005);
        Assert.Equal(0.394, result.Overall.NdcgAt(10), 0.0005);
    }
}
