using System.Text.Json;
using FhirMedGemma.FhirAdapters.Observations;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>
/// Strictly reads the model's answer against <see cref="LabRowSchema"/>: a JSON array of at most 200 objects with only
/// the schema's keys, test and value present as strings, the rest strings or null. Rows whose test or value is empty
/// are skipped (the schema allows them; they carry nothing). One surrounding markdown code fence is
/// tolerated (models add it); anything else is an error whose text says what is wrong without quoting the answer.
/// </summary>
internal static class LabRowJsonParser
{
    public static bool TryParse(string? text, out List<ExtractedLabRow> rows, out string error)
    {
        rows = [];
        error = string.Empty;
        var json = StripCodeFence(text ?? string.Empty);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            error = "the answer is not valid JSON";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                error = "the answer is not a JSON array";
                return false;
            }

            if (document.RootElement.GetArrayLength() > LabRowSchema.MaxRows)
            {
                error = $"the answer has more than {LabRowSchema.MaxRows} rows";
                return false;
            }

            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (!TryReadRow(item, out var row, out var problem))
                {
                    error = $"row {index} {problem}";
                    rows = [];
                    return false;
                }

                // The schema allows empty strings; a row without a test name or value carries nothing to map.
                if (row is not null)
                {
                    rows.Add(row);
                }

                index++;
            }
        }

        return true;
    }

    private static bool TryReadRow(JsonElement item, out ExtractedLabRow? row, out string problem)
    {
        row = null;
        problem = string.Empty;
        if (item.ValueKind != JsonValueKind.Object)
        {
            problem = "is not an object";
            return false;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in item.EnumerateObject())
        {
            if (!LabRowSchema.Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                problem = "has a key the schema does not allow";
                return false;
            }

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    var s = property.Value.GetString()!.Trim();
                    values[property.Name] = s.Length == 0 ? null : s;
                    break;
                case JsonValueKind.Null when property.Name is not ("test" or "value"):
                    values[property.Name] = null;
                    break;
                default:
                    problem = $"has a non-string '{property.Name}'";
                    return false;
            }
        }

        if (!values.TryGetValue("test", out var test) || !values.TryGetValue("value", out var value))
        {
            problem = "lacks the required 'test' or 'value'";
            return false;
        }

        if (test is null || value is null)
        {
            return true;
        }

        row = new ExtractedLabRow(
            test, value, values.GetValueOrDefault("unit"), values.GetValueOrDefault("reference_range"),
            values.GetValueOrDefault("flag"), values.GetValueOrDefault("specimen"), values.GetValueOrDefault("collected"));
        return true;
    }

    private static string StripCodeFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return trimmed;
        }

        var firstNewLine = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return firstNewLine < 0 ? trimmed : trimmed[(firstNewLine + 1)..^3].Trim();
    }
}
