using System.Globalization;
using System.Text;
using System.Text.Json;
using MemDsl.Runtime;
using Spectre.Console;

namespace MemDsl.Cli;

/// <summary>
/// <c>memdsl inspect &lt;file&gt;</c>: what a durable store file holds (counts, embedder, dimension,
/// schema version); <c>--verify</c> also checks SQLite integrity and every record's vector length,
/// finiteness and checksum. The file is opened read-only, so a damaged file is never modified.
/// </summary>
internal static class InspectCommand
{
    /// <summary>Prints the report; exit code 2 when the file cannot be read as a store or <c>--verify</c> found a problem.</summary>
    /// <exception cref="DurableStoreException">The file is missing, empty, damaged, not a store or locked (the caller prints it, exit code 2).</exception>
    public static int Run(string path, bool verify, bool json)
    {
        DurableStoreInfo info;
        DurableStoreVerification? verification = null;
        if (verify)
        {
            verification = DurableStoreInspector.Verify(path);
            info = verification.Info;
        }
        else
        {
            info = DurableStoreInspector.Inspect(path);
        }

        if (json)
        {
            Console.Out.WriteLine(ToJson(info, verification));
        }
        else
        {
            Print(info, verification);
        }

        if (verification is { IsValid: false })
        {
            // Problems are listed on stdout with the report; stderr gets the one-line verdict naming the file.
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: the store file '{info.Path}' failed verification: {verification.Problems.Count} problem(s); it was not modified."));
            return ExitCodes.BadInput;
        }

        return ExitCodes.Success;
    }

    private static void Print(DurableStoreInfo info, DurableStoreVerification? verification)
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (redirected)
        {
            console.Profile.Width = 240;
        }

        var table = new Table().Border(redirected ? TableBorder.Markdown : TableBorder.Rounded);
        table.AddColumn("property");
        table.AddColumn("value");
        table.AddRow("file", Markup.Escape(info.Path));
        table.AddRow("schema version", info.SchemaVersion.ToString(CultureInfo.InvariantCulture));
        table.AddRow("embedder", Markup.Escape(info.Embedder));
        table.AddRow("dimensions", info.Dimensions.ToString(CultureInfo.InvariantCulture));
        table.AddRow("records", info.RecordCount.ToString(CultureInfo.InvariantCulture));
        table.AddRow("next id", info.NextId.ToString(CultureInfo.InvariantCulture));
        table.AddRow("file bytes", info.FileBytes.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
        if (verification is null)
        {
            return;
        }

        if (verification.IsValid)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verify: ok (SQLite integrity check passed; {verification.RecordsChecked} records checked: vector length, finiteness, checksum)"));
            return;
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verify: {verification.Problems.Count} problem(s) in {verification.RecordsChecked} records checked:"));
        foreach (var problem in verification.Problems)
        {
            console.WriteLine("  " + problem);
        }
    }

    private static string ToJson(DurableStoreInfo info, DurableStoreVerification? verification)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("path", info.Path);
            writer.WriteNumber("schemaVersion", info.SchemaVersion);
            writer.WriteString("embedder", info.Embedder);
            writer.WriteNumber("dimensions", info.Dimensions);
            writer.WriteNumber("recordCount", info.RecordCount);
            writer.WriteNumber("nextId", info.NextId);
            writer.WriteNumber("fileBytes", info.FileBytes);
            if (verification is not null)
            {
                writer.WriteStartObject("verification");
                writer.WriteBoolean("valid", verification.IsValid);
                writer.WriteNumber("recordsChecked", verification.RecordsChecked);
                writer.WriteStartArray("problems");
                foreach (var problem in verification.Problems)
                {
                    writer.WriteStringValue(problem);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
