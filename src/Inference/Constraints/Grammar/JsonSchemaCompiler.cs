using System.Text;
using System.Text.Json;

namespace FhirMedGemma.Inference.Constraints.Grammar;

/// <summary>
/// Turns the supported JSON Schema subset into <see cref="SchemaNode"/>s. A keyword that would restrict values in a way
/// the recogniser does not enforce is refused rather than ignored, so "constrained" always means "valid for the schema".
/// </summary>
internal static class JsonSchemaCompiler
{
    private const int MaxSchemaDepth = 32;
    private const int MaxProperties = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly HashSet<string> AnnotationKeywords = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
    };

    private static readonly HashSet<string> StructuralKeywords = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "minItems", "maxItems",
    };

    public static SchemaNode Compile(JsonElement? schema) =>
        schema is null ? SchemaNode.Any : Compile(schema.Value, "#", 0);

    private static SchemaNode Compile(JsonElement schema, string path, int depth)
    {
        if (depth > MaxSchemaDepth)
        {
            throw Unsupported(path, $"schemas nested deeper than {MaxSchemaDepth} levels are not supported");
        }

        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return SchemaNode.Any;
            case JsonValueKind.Object:
                break;
            default:
                throw Unsupported(path, "a schema must be an object or true");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!StructuralKeywords.Contains(keyword.Name) && !AnnotationKeywords.Contains(keyword.Name))
            {
                throw Unsupported(path, $"keyword '{keyword.Name}' is not supported");
            }
        }

        var types = ReadTypes(schema, path);
        var enumValues = ReadEnum(schema, path, ref types);
        if (types == JsonTypes.None)
        {
            throw Unsupported(path, "no value can satisfy this schema");
        }

        if (types == JsonTypes.Any && enumValues is null && schema.EnumerateObject().All(k => AnnotationKeywords.Contains(k.Name)))
        {
            return SchemaNode.Any;
        }

        var node = new SchemaNode
        {
            Types = types,
            EnumValues = enumValues,
            PropertyNames = [],
            MinItems = ReadCount(schema, "minItems", path, 0),
            MaxItems = ReadCount(schema, "maxItems", path, int.MaxValue),
        };
        if (node.MinItems > node.MaxItems)
        {
            throw Unsupported(path, "minItems is greater than maxItems");
        }

        if ((types & JsonTypes.Object) != 0)
        {
            return WithObject(node, schema, path, depth);
        }

        node.AdditionalSchema = SchemaNode.Any;
        return WithArray(node, schema, path, depth);
    }

    private static SchemaNode WithArray(SchemaNode node, JsonElement schema, string path, int depth)
    {
        node.Items = schema.TryGetProperty("items", out var items)
            ? items.ValueKind == JsonValueKind.Object || items.ValueKind == JsonValueKind.True
                ? Compile(items, path + "/items", depth + 1)
                : throw Unsupported(path + "/items", "items must be one schema (tuple forms are not supported)")
            : SchemaNode.Any;
        return node;
    }

    private static SchemaNode WithObject(SchemaNode node, JsonElement schema, string path, int depth)
    {
        var declared = new List<(byte[] Name, string Text, SchemaNode Schema)>();
        if (schema.TryGetProperty("properties", out var properties))
        {
            if (properties.ValueKind != JsonValueKind.Object)
            {
                throw Unsupported(path + "/properties", "properties must be an object");
            }

            foreach (var property in properties.EnumerateObject())
            {
                var name = EncodeLiteral(property.Name, path + "/properties");
                declared.Add((name, property.Name, Compile(property.Value, $"{path}/properties/{property.Name}", depth + 1)));
            }
        }

        if (declared.Count > MaxProperties)
        {
            throw Unsupported(path, $"more than {MaxProperties} properties are not supported");
        }

        declared.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        var additional = schema.TryGetProperty("additionalProperties", out var extra) ? extra : (JsonElement?)null;
        var freeForm = declared.Count == 0 && additional?.ValueKind != JsonValueKind.False;
        var required = ReadRequired(schema, path, declared.ConvertAll(d => d.Text), freeForm);
        var withObject = new SchemaNode
        {
            Types = node.Types,
            EnumValues = node.EnumValues,
            MinItems = node.MinItems,
            MaxItems = node.MaxItems,
            PropertyNames = declared.ConvertAll(d => d.Name).ToArray(),
            PropertySchemas = declared.ConvertAll(d => d.Schema).ToArray(),
            RequiredMask = required,
            FreeFormObject = freeForm,
        };
        withObject.AdditionalSchema = freeForm && additional is { ValueKind: JsonValueKind.Object } a
            ? Compile(a, path + "/additionalProperties", depth + 1)
            : SchemaNode.Any;
        return WithArray(withObject, schema, path, depth);
    }

    private static ulong ReadRequired(JsonElement schema, string path, List<string> declared, bool freeForm)
    {
        if (!schema.TryGetProperty("required", out var required))
        {
            return 0;
        }

        if (required.ValueKind != JsonValueKind.Array)
        {
            throw Unsupported(path + "/required", "required must be an array of property names");
        }

        ulong mask = 0;
        foreach (var name in required.EnumerateArray())
        {
            var index = name.ValueKind == JsonValueKind.String ? declared.IndexOf(name.GetString()!) : -1;
            if (freeForm || index < 0)
            {
                throw Unsupported(path + "/required", "every required property must be declared in properties");
            }

            mask |= 1UL << index;
        }

        return mask;
    }

    private static JsonTypes ReadTypes(JsonElement schema, string path)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? JsonTypes.Object
                : schema.TryGetProperty("items", out _) ? JsonTypes.Array
                : JsonTypes.Any;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return ParseType(type.GetString()!, path);
        }

        if (type.ValueKind != JsonValueKind.Array)
        {
            throw Unsupported(path + "/type", "type must be a string or an array of strings");
        }

        var types = JsonTypes.None;
        foreach (var item in type.EnumerateArray())
        {
            types |= item.ValueKind == JsonValueKind.String
                ? ParseType(item.GetString()!, path)
                : throw Unsupported(path + "/type", "type must be a string or an array of strings");
        }

        return types;
    }

    private static JsonTypes ParseType(string name, string path) => name switch
    {
        "object" => JsonTypes.Object,
        "array" => JsonTypes.Array,
        "string" => JsonTypes.String,
        "number" => JsonTypes.Number | JsonTypes.Integer,
        "integer" => JsonTypes.Integer,
        "boolean" => JsonTypes.Boolean,
        "null" => JsonTypes.Null,
        _ => throw Unsupported(path + "/type", $"unknown type '{name}'"),
    };

    /// <summary>Reads <c>enum</c> (strings and null only) and narrows <paramref name="types"/> to what it lists.</summary>
    private static byte[][]? ReadEnum(JsonElement schema, string path, ref JsonTypes types)
    {
        if (!schema.TryGetProperty("enum", out var values))
        {
            return null;
        }

        if (values.ValueKind != JsonValueKind.Array)
        {
            throw Unsupported(path + "/enum", "enum must be an array");
        }

        var strings = new List<byte[]>();
        var allowsNull = false;
        foreach (var value in values.EnumerateArray())
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                allowsNull = true;
                continue;
            }

            strings.Add(value.ValueKind == JsonValueKind.String
                ? EncodeLiteral(value.GetString()!, path + "/enum")
                : throw Unsupported(path + "/enum", "only string and null enum values are supported"));
        }

        types &= (strings.Count > 0 ? JsonTypes.String : JsonTypes.None) | (allowsNull ? JsonTypes.Null : JsonTypes.None);
        var distinct = strings.DistinctBy(Convert.ToBase64String).ToList();
        distinct.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        return [.. distinct];
    }

    private static int ReadCount(JsonElement schema, string keyword, string path, int fallback)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0
            ? count
            : throw Unsupported($"{path}/{keyword}", $"{keyword} must be a non-negative integer");
    }

    /// <summary>Property names and enum values are matched byte for byte, so they must need no JSON escaping.</summary>
    private static byte[] EncodeLiteral(string text, string path)
    {
        if (text.Any(c => c is '"' or '\\' || c < ' '))
        {
            throw Unsupported(path, "names and enum values that need JSON escaping are not supported");
        }

        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException ex)
        {
            throw new InvalidModelInputException(
                InferenceErrorCodes.InvalidGenerationRequest, $"JSON schema at '{path}': a name or enum value is not valid Unicode.", ex);
        }
    }

    private static InvalidModelInputException Unsupported(string path, string reason) =>
        new(InferenceErrorCodes.InvalidGenerationRequest, $"JSON schema at '{path}': {reason}.");
}
