using MemDsl.Model;
using Microsoft.CodeAnalysis;

namespace MemDsl.Analyzers.Tests;

/// <summary>
/// The catalog in MemDsl.Model is the source of truth; descriptors, release tracking and docs must
/// follow it. (Release tracking cannot check ids that are not literals, so this test does.)
/// </summary>
public sealed class DiagnosticCatalogConsistencyTests
{
    private static readonly string RepositoryRoot = RepositoryLayout.Root;

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var info in DiagnosticCatalog.All)
        {
            data.Add(info.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_catalog_entry_has_an_equal_descriptor(string id)
    {
        var info = DiagnosticCatalog.All.Single(entry => entry.Id == id);
        var descriptor = DiagnosticDescriptors.Get(id);

        Assert.Equal(info.Id, descriptor.Id);
        Assert.Equal(info.Title, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(info.MessageFormat, descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(info.Description, descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DiagnosticInfo.Category, descriptor.Category);
        Assert.Equal(info.Severity == DiagnosticSeverityLevel.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal(info.HelpLink, descriptor.HelpLinkUri);
        Assert.EndsWith("/docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Equal(id.StartsWith("MEMDSL0", StringComparison.Ordinal) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_id_has_a_docs_page_that_names_it(string id)
    {
        var page = Path.Combine(RepositoryRoot, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), "missing " + page);
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ": " + DiagnosticCatalog.All.Single(entry => entry.Id == id).Title, text, StringComparison.Ordinal);

        var index = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "diagnostics", "README.md"));
        Assert.Contains("[" + id + "](" + id + ".md)", index, StringComparison.Ordinal);
    }

    [Fact]
    public void Unshipped_release_lists_exactly_the_catalog()
    {
        var path = Path.Combine(RepositoryRoot, "analyzers", "MemDsl.Analyzers", "AnalyzerReleases.Unshipped.md");
        var rows = File.ReadAllLines(path)
            .Where(line => line.StartsWith("MEMDSL", StringComparison.Ordinal))
            .Select(line => string.Join(" | ", line.Split('|').Take(3).Select(cell => cell.Trim())))
            .ToArray();
        var expected = DiagnosticCatalog.All
            .Select(info => info.Id + " | " + DiagnosticInfo.Category + " | " + info.Severity)
            .ToArray();

        Assert.Equal(expected, rows);
    }

    [Fact]
    public void Analyzer_supports_every_descriptor()
    {
        var supported = new MemoryArchitectureAnalyzer().SupportedDiagnostics.Select(d => d.Id);
        Assert.Equal(DiagnosticCatalog.All.Select(info => info.Id), supported);
        Assert.Equal(DiagnosticCatalog.All.Count, DiagnosticCatalog.All.Select(info => info.Id).Distinct().Count());
    }

    [Fact]
    public void Unknown_id_is_refused() =>
        Assert.Throws<KeyNotFoundException>(() => DiagnosticDescriptors.Get("MEMDSL9999"));
}
