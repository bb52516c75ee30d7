using System.Globalization;
using System.Text.Json;

namespace MemDsl.Evaluation;

/// <summary>
/// Reads LoCoMo (Maharana et al., ACL 2024; schema in <c>shared/data/locomo/README.md</c>) into one
/// stream per conversation: the turns of <c>session_1</c>, <c>session_2</c>, ... in order with their
/// session date, then every QA item of categories 1-4 asked after the whole conversation.
/// </summary>
/// <remarks>
/// Quirks of the real data are handled explicitly and counted in <see cref="LoCoMoLoadReport"/>:
/// sessions come from the <c>session_N</c> lists (some files have date keys without a session);
/// category 5 (adversarial) items are skipped; an evidence entry counts only if it equals an existing
/// <c>dia_id</c> exactly (so <c>"D8:6; D9:17"</c> and <c>"D"</c> are malformed, <c>"D10:19"</c> in a
/// 16-turn session is unknown); a question left without valid evidence is skipped.
/// </remarks>
public static class LoCoMoLoader
{
    private static readonly string[] CategoryNames = ["", "1:multi-hop", "2:temporal", "3:open-domain", "4:single-hop", "5:adversarial"];

    public static LoCoMoDataset Load(string path, LoCoMoLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new LoCoMoFormatException(path, "file", "cannot be read: " + exception.Message, exception);
        }

        return Parse(bytes, path, options);
    }

    public static LoCoMoDataset Parse(ReadOnlyMemory<byte> json, string fileName, LoCoMoLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        options ??= new LoCoMoLoadOptions();
        if (options.MaxConversations is < 1)
        {
            throw new ArgumentException("MaxConversations must be at least 1 (or null for all).", nameof(options));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException exception)
        {
            var line = (exception.LineNumber ?? 0) + 1;
            var column = (exception.BytePositionInLine ?? 0) + 1;
            throw new LoCoMoFormatException(fileName, $"line {line}, byte {column}", "not valid JSON: " + FirstSentence(exception.Message), exception);
        }

        using (document)
        {
            var reader = new Reader(fileName, options);
            return reader.Read(document.RootElement);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        return end < 0 ? message : message[..end].TrimEnd();
    }

    private sealed class Reader(string file, LoCoMoLoadOptions options)
    {
        private int _sessions;
        private int _turns;
        private int _imageTurns;
        private int _qa;
        private int _adversarial;
        private int _evidence;
        private int _malformed;
        private int _unknown;
        private int _withoutEvidence;
        private int _kept;

        public LoCoMoDataset Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw Error("$", "expected an array of conversations, found " + Describe(root));
            }

            var streams = new List<TaskStream>();
            var index = 0;
            foreach (var conversation in root.EnumerateArray())
            {
                var path = $"$[{index}]";
                var selected = options.Split switch
                {
                    LoCoMoSplit.Search => index % 2 == 0,
                    LoCoMoSplit.Validation => index % 2 == 1,
                    _ => true,
                };
                index++;
                if (!selected || (options.MaxConversations is { } max && streams.Count >= max))
                {
                    continue;
                }

                streams.Add(ReadConversation(conversation, path));
            }

            var report = new LoCoMoLoadReport(streams.Count, _sessions, _turns, _imageTurns, _qa, _adversarial, _evidence, _malformed, _unknown, _withoutEvidence, _kept);
            var name = "locomo:" + Path.GetFileNameWithoutExtension(file) + (options.Split == LoCoMoSplit.All ? string.Empty : "/" + options.Split.ToString().ToLowerInvariant());
            var description = $"LoCoMo {Path.GetFileName(file)}, split {options.Split.ToString().ToLowerInvariant()}, categories 1-4, questions asked after the whole conversation";
            return new LoCoMoDataset(new BenchmarkDataset(name, description, streams, report.ToNotes(options.IncludeImageCaptions)), report);
        }

        private TaskStream ReadConversation(JsonElement conversation, string path)
        {
            RequireKind(conversation, JsonValueKind.Object, path);
            var sampleId = RequireString(conversation, "sample_id", path);
            var body = RequireProperty(conversation, "conversation", path);
            RequireKind(body, JsonValueKind.Object, path + ".conversation");

            // Sessions come from the session_N lists; date keys without a list are ignored.
            var sessionNumbers = new List<int>();
            foreach (var property in body.EnumerateObject())
            {
                if (property.Name.StartsWith("session_", StringComparison.Ordinal)
                    && int.TryParse(property.Name.AsSpan("session_".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    sessionNumbers.Add(number);
                }
            }

            sessionNumbers.Sort();
            var events = new List<StreamEvent>();
            var turnIds = new HashSet<string>(StringComparer.Ordinal);
            var last = DateTimeOffset.MinValue;
            foreach (var number in sessionNumbers)
            {
                var sessionPath = $"{path}.conversation.session_{number}";
                var turns = body.GetProperty("session_" + number);
                RequireKind(turns, JsonValueKind.Array, sessionPath);
                var date = ReadDate(body, number, path);
                _sessions++;
                var position = 0;
                foreach (var turn in turns.EnumerateArray())
                {
                    var turnPath = $"{sessionPath}[{position}]";
                    RequireKind(turn, JsonValueKind.Object, turnPath);
                    var id = RequireString(turn, "dia_id", turnPath);
                    var speaker = RequireString(turn, "speaker", turnPath);
                    var text = RequireString(turn, "text", turnPath);
                    if (!turnIds.Add(id))
                    {
                        throw Error(turnPath + ".dia_id", $"duplicate dia_id '{id}' in {sampleId}");
                    }

                    if (turn.TryGetProperty("blip_caption", out var caption))
                    {
                        RequireKind(caption, JsonValueKind.String, turnPath + ".blip_caption");
                        _imageTurns++;
                        if (options.IncludeImageCaptions)
                        {
                            text = text + " [image: " + caption.GetString() + "]";
                        }
                    }

                    // One second apart keeps the turns of a session in order under one session date.
                    var timestamp = date.AddSeconds(position);
                    last = timestamp > last ? timestamp : last;
                    events.Add(new WriteEvent(new Turn(id, speaker, text, timestamp, "S" + number.ToString(CultureInfo.InvariantCulture))));
                    _turns++;
                    position++;
                }
            }

            var qa = RequireProperty(conversation, "qa", path);
            RequireKind(qa, JsonValueKind.Array, path + ".qa");
            var item = 0;
            foreach (var question in qa.EnumerateArray())
            {
                var itemPath = $"{path}.qa[{item}]";
                item++;
                _qa++;
                RequireKind(question, JsonValueKind.Object, itemPath);
                var text = RequireString(question, "question", itemPath);
                var categoryElement = RequireProperty(question, "category", itemPath);
                if (categoryElement.ValueKind != JsonValueKind.Number || !categoryElement.TryGetInt32(out var category) || category is < 1 or > 5)
                {
                    throw Error(itemPath + ".category", "expected an integer from 1 to 5, found " + Describe(categoryElement));
                }

                var gold = new List<string>();
                if (question.TryGetProperty("evidence", out var evidence))
                {
                    RequireKind(evidence, JsonValueKind.Array, itemPath + ".evidence");
                    var entry = 0;
                    foreach (var id in evidence.EnumerateArray())
                    {
                        RequireKind(id, JsonValueKind.String, $"{itemPath}.evidence[{entry}]");
                        entry++;
                        _evidence++;
                        var value = id.GetString()!;
                        if (turnIds.Contains(value))
                        {
                            if (!gold.Contains(value))
                            {
                                gold.Add(value);
                            }
                        }
                        else if (IsDialogId(value))
                        {
                            _unknown++;
                        }
                        else
                        {
                            _malformed++;
                        }
                    }
                }

                if (category == 5)
                {
                    _adversarial++;
                    continue;
                }

                if (gold.Count == 0)
                {
                    _withoutEvidence++;
                    continue;
                }

                _kept++;
                events.Add(new QueryEvent(new StreamQuery($"{sampleId}/q{item - 1}", text, last, gold, CategoryNames[category])));
            }

            return new TaskStream(sampleId, events);
        }

        private DateTimeOffset ReadDate(JsonElement body, int session, string path)
        {
            var key = $"session_{session}_date_time";
            var keyPath = $"{path}.conversation.{key}";
            if (!body.TryGetProperty(key, out var value))
            {
                throw Error(keyPath, $"session_{session} has no date");
            }

            RequireKind(value, JsonValueKind.String, keyPath);
            var text = value.GetString()!;
            if (!DateTime.TryParseExact(text, "h:mm tt 'on' d MMMM, yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date))
            {
                throw Error(keyPath, $"expected a date like \"1:56 pm on 8 May, 2023\", found \"{text}\"");
            }

            return new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Unspecified), TimeSpan.Zero);
        }

        private static bool IsDialogId(string value)
        {
            // D<session>:<turn>
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (value.Length < 4 || value[0] != 'D' || colon < 2 || colon == value.Length - 1)
            {
                return false;
            }

            for (var i = 1; i < value.Length; i++)
            {
                if (i != colon && !char.IsAsciiDigit(value[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private JsonElement RequireProperty(JsonElement element, string name, string path)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                throw Error(path, $"missing property \"{name}\"");
            }

            return value;
        }

        private string RequireString(JsonElement element, string name, string path)
        {
            var value = RequireProperty(element, name, path);
            RequireKind(value, JsonValueKind.String, path + "." + name);
            return value.GetString()!;
        }

        private void RequireKind(JsonElement element, JsonValueKind kind, string path)
        {
            if (element.ValueKind != kind)
            {
                throw Error(path, $"expected {Article(kind)}, found {Describe(element)}");
            }
        }

        private static string Article(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            _ => kind.ToString().ToLowerInvariant(),
        };

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the string \"{Shorten(element.GetString()!)}\"",
            JsonValueKind.Number => "the number " + element.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => "null",
        };

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

        private LoCoMoFormatException Error(string path, string reason) => new(file, path, reason);
    }
}
