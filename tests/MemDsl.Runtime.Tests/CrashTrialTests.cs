using System.Diagnostics;
using System.Globalization;
using MemDsl.Abstractions;
using MemDsl.CrashWriter;
using Xunit.Abstractions;

namespace MemDsl.Runtime.Tests;

/// <summary>
/// Crash trials: a child process writes through a generated durable pipeline and prints each id once
/// its write completed; it is killed with SIGKILL at a random moment; the store is reopened and every
/// acknowledged record must be there, byte-identical (text, metadata and vector), and the file must
/// pass verification. <c>MEMDSL_CRASH_TRIALS</c> sets the number of trials (30 by default;
/// <c>tests/crash-trials.sh</c> runs 200).
/// </summary>
public sealed class CrashTrialTests(ITestOutputHelper output)
{
    private const int Dimensions = 64;

    [Fact]
    public async Task Every_acknowledged_write_survives_SIGKILL()
    {
        var trials = int.TryParse(Environment.GetEnvironmentVariable("MEMDSL_CRASH_TRIALS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 30;
        var writer = WriterPath();
        using var folder = new TempFolder();
        var random = new Random(20250807);
        var acknowledgedTotal = 0;
        var killedBeforeOpen = 0;
        var verifier = new HashingEmbedder(Dimensions);
        for (var trial = 0; trial < trials; trial++)
        {
            // Five files reused in turn: a trial starts on a fresh file or on one an earlier kill left behind.
            var path = folder.File("crash" + (trial % 5).ToString(CultureInfo.InvariantCulture) + ".db");
            var acknowledged = await RunAndKill(writer, path, trial, TimeSpan.FromMilliseconds(random.Next(50, 700)));
            acknowledgedTotal += acknowledged.Count;
            if (!File.Exists(path))
            {
                killedBeforeOpen++;
                Assert.Empty(acknowledged);
                continue;
            }

            var stored = new Dictionary<string, (MemoryRecord Record, float[] Vector)>(StringComparer.Ordinal);
            using (var store = MemoryStore.OpenDurable(path, Dimensions, indexText: true, "Hashing"))
            {
                for (var slot = 0; slot < store.Count; slot++)
                {
                    var record = store.GetRecord(slot);
                    stored[record.Key] = (record, store.GetVector(slot).ToArray());
                }
            }

            var expectedVector = new float[Dimensions];
            for (var i = 0; i < acknowledged.Count; i++)
            {
                var id = acknowledged[i];
                Assert.True(stored.TryGetValue(id, out var found), $"trial {trial}: acknowledged record {id} is missing from {path} ({stored.Count} stored)");
                var text = CrashText.Text(id);
                Assert.Equal(text, found.Record.Text);
                Assert.Equal(CrashText.Timestamp(i), found.Record.Timestamp);
                Assert.Equal(CrashText.Timestamp(i).Offset, found.Record.Timestamp.Offset);
                Assert.Equal("trial" + trial.ToString(CultureInfo.InvariantCulture), found.Record.Session);
                Assert.Equal([id], found.Record.SourceTurnIds);
                verifier.Embed(text, expectedVector);
                Assert.True(expectedVector.AsSpan().SequenceEqual(found.Vector), $"trial {trial}: the vector of {id} changed");
            }

            // Unacknowledged writes may or may not have landed, but whatever landed is whole.
            foreach (var (key, (record, _)) in stored)
            {
                Assert.Equal(CrashText.Text(key), record.Text);
            }

            var verification = DurableStoreInspector.Verify(path);
            Assert.True(verification.IsValid, $"trial {trial}: " + string.Join("; ", verification.Problems));
        }

        output.WriteLine($"{trials} crash trials passed: {acknowledgedTotal} acknowledged writes all present and byte-identical; {killedBeforeOpen} kills landed before the store existed.");
    }

    private static async Task<List<string>> RunAndKill(string writer, string path, int trial, TimeSpan killAfter)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(trial.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var acknowledged = new List<string>();
        var errors = process.StandardError.ReadToEndAsync();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line is not ("open" or "done"))
                {
                    lock (acknowledged)
                    {
                        acknowledged.Add(line);
                    }
                }
            }
        });

        await Task.Delay(killAfter);
        process.Kill(); // SIGKILL on Linux: no finalizers, no flushing, no Dispose.
        await process.WaitForExitAsync();
        await reading;
        var stderr = await errors;
        Assert.True(stderr.Length == 0, $"trial {trial}: the writer failed: {stderr}");
        lock (acknowledged)
        {
            return [.. acknowledged];
        }
    }

    private static string WriterPath()
    {
        // tests/MemDsl.Runtime.Tests/bin/<Configuration>/<tfm>/ → tests/MemDsl.CrashWriter/bin/<Configuration>/<tfm>/
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var tests = testBin.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "MemDsl.CrashWriter", "bin", configuration, tfm, "MemDsl.CrashWriter.dll");
        Assert.True(File.Exists(path), $"The crash writer is not built at {path}.");
        return path;
    }
}
