using System.Diagnostics;

namespace MemDsl.Cli.Tests;

/// <summary>Runs the real built memdsl.dll with redirected output.</summary>
internal static class MemDslTool
{
    public static string Root => RepositoryLayout.Root;

    /// <summary>src/MemDsl.Cli/bin/{same configuration as the tests}/net10.0/memdsl.dll.</summary>
    public static string Dll
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            var path = Path.Combine(Root, "src", "MemDsl.Cli", "bin", configuration, framework.Name, "memdsl.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException("Build src/MemDsl.Cli first: " + path + " is missing.");
        }
    }

    /// <summary>samples/QuickStart/bin/{same configuration}/net10.0/QuickStart.dll: an assembly built with the generator.</summary>
    public static string QuickStartDll
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(Root, "samples", "QuickStart", "bin", framework.Parent!.Name, framework.Name, "QuickStart.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException("Build samples/QuickStart first: " + path + " is missing.");
        }
    }

    public static string LoCoMoDev => RepositoryLayout.LoCoMoDev;

    public static Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] arguments) =>
        RunWithEnvironmentAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Runs the tool with these environment variables set (on top of the test process's).</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
