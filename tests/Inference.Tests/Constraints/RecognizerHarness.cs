using System.Text.Json;
using System.Text;
using FhirMedGemma.Inference.Constraints.Grammar;

namespace FhirMedGemma.Inference.Tests.Constraints;

/// <summary>Feeds text byte by byte to a fresh recogniser for a schema.</summary>
internal static class RecognizerHarness
{
    public static readonly RecognizerLimits DefaultLimits = new(MaxStringBytes: 512, MaxNumberChars: 32, MaxWhitespaceRun: 12, MaxDepth: 16);

    public static JsonRecognizer Create(string? schemaJson, RecognizerLimits? limits = null)
    {
        JsonElement? schema = null;
        if (schemaJson is not null)
        {
            using var document = JsonDocument.Parse(schemaJson);
            schema = document.RootElement.Clone();
        }

        return new JsonRecognizer(JsonSchemaCompiler.Compile(schema), limits ?? DefaultLimits);
    }

    /// <summary>Index of the first byte the recogniser rejects, or -1 when every byte is accepted.</summary>
    public static int FirstRejectedByte(string? schemaJson, byte[] bytes, RecognizerLimits? limits = null)
    {
        var recognizer = Create(schemaJson, limits);
        for (var i = 0; i < bytes.Length; i++)
        {
            var next = recognizer;
            if (!next.TryConsume(bytes[i]))
            {
                return i;
            }

            recognizer = next;
        }

        return -1;
    }

    /// <summary>True when every byte is accepted and the document may end there.</summary>
    public static bool AcceptsDocument(string? schemaJson, string json, RecognizerLimits? limits = null) =>
        AcceptsDocument(schemaJson, Encoding.UTF8.GetBytes(json), limits);

    public static bool AcceptsDocument(string? schemaJson, byte[] bytes, RecognizerLimits? limits = null)
    {
        var recognizer = Create(schemaJson, limits);
        foreach (var b in bytes)
        {
            if (!recognizer.TryConsume(b))
            {
                return false;
            }
        }

        return recognizer.CanEnd;
    }
}
