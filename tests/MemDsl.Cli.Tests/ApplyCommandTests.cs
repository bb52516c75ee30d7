using System.Security.Cryptography;

namespace MemDsl.Cli.Tests;

public sealed class ApplyCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "memdsl-apply-" + Guid.NewGuid().ToString("N"));

    public ApplyCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Sample => Path.Combine(MemDslTool.Root, "samples", "QuickStart", "QuickStartMemory.cs");

    /// <summary>A temp copy of the real QuickStart sample.</summary>
    private string CopySample()
    {
        var path = Path.Combine(_folder, "QuickStartMemory.cs");
        File.Copy(Sample, path);
        return path;
    }

    /// <summary>The sample's own attribute lines (those starting with '['), with <paramref name="from"/> replaced.</summary>
    private string WriteSpec(string from, string to)
    {
        var lines = File.ReadAllLines(Sample).Where(l => l.StartsWith('[')).Select(l => l.Replace(from, to, StringComparison.Ordinal));
        var path = Path.Combine(_folder, "spec-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    private async Task<(int ExitCode, string Out, string Error)> RunUnchanged(string path, params string[] arguments)
    {
        var before = SHA256.HashData(File.ReadAllBytes(path));
        var result = await MemDslTool.RunAsync(["apply", path, .. arguments]);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(["QuickStartMemory.cs"], Directory.GetFiles(_folder, "*.cs*").Select(f => Path.GetFileName(f)).ToArray());
        return result;
    }

    [Fact]
    public async Task Apply_changes_only_the_TopK_line_of_the_sample_and_prints_it()
    {
        var path = CopySample();
        var spec = WriteSpec("TopK = 3", "TopK = 8");

        var (exitCode, output, error) = await MemDslTool.RunAsync("apply", path, "--spec", spec);

        Assert.True(exitCode == 0, error);
        var before = File.ReadAllLines(Sample);
        var after = File.ReadAllLines(path);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        var line = Assert.Single(changed);
        Assert.Equal("[Retrieve(RetrieveKind.Hybrid, TopK = 8, Alpha = 0.4f)]", after[line]);
        Assert.Equal(File.ReadAllText(Sample).Replace("TopK = 3", "TopK = 8", StringComparison.Ordinal), File.ReadAllText(path));
        Assert.Contains($"-{line + 1,5}: [Retrieve(RetrieveKind.Hybrid, TopK = 3, Alpha = 0.4f)]", output, StringComparison.Ordinal);
        Assert.Contains($"+{line + 1,5}: [Retrieve(RetrieveKind.Hybrid, TopK = 8, Alpha = 0.4f)]", output, StringComparison.Ordinal);
        Assert.Contains("1 line(s) removed, 1 added.", output, StringComparison.Ordinal);
        Assert.False(File.Exists(path + ".bak"));

        var (again, againOutput, againError) = await RunUnchanged(path, "--spec", spec);
        Assert.True(again == 0, againError);
        Assert.Contains("already declares this design; nothing written.", againOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_keeps_the_original_bytes()
    {
        var path = CopySample();

        var (exitCode, output, error) = await MemDslTool.RunAsync("apply", path, "--spec", WriteSpec("Dimensions = 512", "Dimensions = 256"), "--backup");

        Assert.True(exitCode == 0, error);
        Assert.Equal(File.ReadAllBytes(Sample), File.ReadAllBytes(path + ".bak"));
        Assert.Contains("Dimensions = 256", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("the original is in " + path + ".bak", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_spec_exits_2_lists_the_errors_and_leaves_the_file_unchanged()
    {
        var path = CopySample();

        var (exitCode, output, error) = await RunUnchanged(path, "--spec", WriteSpec("TopK = 3", "TopK = 0"));

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Contains("declares an invalid design; " + path + " was not changed:", error, StringComparison.Ordinal);
        Assert.Contains("  MEMDSL", error, StringComparison.Ordinal);
        Assert.Contains("TopK", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_spec_text_exits_2_with_its_offset_and_leaves_the_file_unchanged()
    {
        var path = CopySample();
        var spec = Path.Combine(_folder, "broken.txt");
        File.WriteAllText(spec, "[MemoryArchitecture(\"x\")]\n[Retrieve(RetrieveKind.Hybrid, TopK = )]\n");

        var (exitCode, _, error) = await RunUnchanged(path, "--spec", spec);

        Assert.Equal(2, exitCode);
        Assert.Contains(spec + "(2,", error, StringComparison.Ordinal);
        Assert.Contains("cannot read the spec", error, StringComparison.Ordinal);
        Assert.Contains("(at offset ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_files_and_unknown_classes_exit_2()
    {
        var path = CopySample();
        var spec = WriteSpec("TopK = 3", "TopK = 4");

        var missingSource = await MemDslTool.RunAsync("apply", Path.Combine(_folder, "Nope.cs"), "--spec", spec);
        Assert.Equal(2, missingSource.ExitCode);
        Assert.Contains("source file not found", missingSource.Error, StringComparison.Ordinal);

        var missingSpec = await RunUnchanged(path, "--spec", Path.Combine(_folder, "nope.txt"));
        Assert.Equal(2, missingSpec.ExitCode);
        Assert.Contains("spec file not found", missingSpec.Error, StringComparison.Ordinal);

        var wrongClass = await RunUnchanged(path, "--spec", spec, "--class", "Other");
        Assert.Equal(2, wrongClass.ExitCode);
        Assert.Contains("no memory architecture class 'Other'; it declares QuickStart.QuickStartMemory", wrongClass.Error, StringComparison.Ordinal);

        var noSpec = await RunUnchanged(path);
        Assert.Equal(2, noSpec.ExitCode);
        Assert.Contains("--spec", noSpec.Error, StringComparison.Ordinal);
    }
}
