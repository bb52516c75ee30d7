using System.IO.Compression;

namespace MemDsl.Packaging.Tests;

/// <summary>Packs MemDsl once per test run into a private folder feed, with a version no cache has seen.</summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Root = Directory.CreateTempSubdirectory("memdsl-pack-").FullName;
        Feed = Path.Combine(Root, "feed");
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var (exitCode, output) = DotNetCli.Run(
            RepositoryLayout.Root,
            TimeSpan.FromMinutes(8),
            "pack", "src/MemDsl/MemDsl.csproj", "-c", "Release", "-o", Feed, "-p:Version=" + Version);
        if (exitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + output);
        }

        PackagePath = Path.Combine(Feed, "MemDsl." + Version + ".nupkg");
        using var archive = ZipFile.OpenRead(PackagePath);
        Entries = archive.Entries.Select(e => e.FullName).ToList();
    }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public string PackagePath { get; }

    public IReadOnlyList<string> Entries { get; }

    /// <summary>A new consumer project folder whose NuGet config adds the private feed.</summary>
    public string CreateConsumer(string name, string programSource)
    {
        var directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="memdsl-under-test" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MemDsl" Version="{Version}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), programSource);
        return directory;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp folder is cleaned by the OS later.
        }
    }
}
