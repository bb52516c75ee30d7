using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MemDsl.Evaluation;

/// <summary>
/// A canonical JSON form of a stream (events in order, invariant formats), for dumping a stream and
/// for checking that the same seed gives the same bytes.
/// </summary>
public static class TaskStreamJson
{
    public static string Serialize(TaskStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("name", stream.Name);
            writer.WriteStartArray("events");
            foreach (var item in stream.Events)
            {
                writer.WriteStartObject();
                if (item is WriteEvent write)
                {
                    var turn = write.Turn;
                    writer.WriteString("write", turn.Id);
                    writer.WriteString("speaker", turn.Speaker);
                    writer.WriteString("text", turn.Text);
                    writer.WriteString("time", turn.Timestamp.ToString("O", CultureInfo.InvariantCulture));
                    writer.WriteString("session", turn.Session);
                }
                else
                {
                    var query = ((QueryEvent)item).Query;
                    writer.WriteString("query", query.Id);
                    writer.WriteString("text", query.Text);
                    writer.WriteString("time", query.AsOf.ToString("O", CultureInfo.InvariantCulture));
                    writer.WriteString("category", query.Category);
                    writer.WriteStartArray("gold");
                    foreach (var id in query.GoldIds)
                    {
                        writer.WriteStringValue(id);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
