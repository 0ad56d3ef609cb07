namespace FhirMedGemma.Inference.Constraints.Grammar;

/// <summary>One compiled (sub)schema: what the recogniser needs to decide which byte may come next.</summary>
/// <remarks>Immutable once <see cref="JsonSchemaCompiler"/> returns it, so one instance serves many sequences.</remarks>
internal sealed class SchemaNode
{
    /// <summary>"Any JSON value": free-form objects and arrays whose members are again any value.</summary>
    public static SchemaNode Any { get; } = CreateAny();

    public JsonTypes Types { get; init; }

    /// <summary>Declared property names as UTF-8, sorted by ordinal byte order (so prefixes form contiguous ranges).</summary>
    public byte[][] PropertyNames { get; init; } = [];

    /// <summary>The schema of <see cref="PropertyNames"/>[i].</summary>
    public SchemaNode[] PropertySchemas { get; init; } = [];

    /// <summary>Bit i set: <see cref="PropertyNames"/>[i] is required.</summary>
    public ulong RequiredMask { get; init; }

    /// <summary>Objects take any keys (no declared properties); their values follow <see cref="AdditionalSchema"/>.</summary>
    public bool FreeFormObject { get; init; }

    public SchemaNode AdditionalSchema { get; set; } = null!;

    public SchemaNode Items { get; set; } = null!;

    public int MinItems { get; init; }

    public int MaxItems { get; init; } = int.MaxValue;

    /// <summary>Allowed string values as UTF-8, sorted by ordinal byte order; null when any string is allowed.</summary>
    public byte[][]? EnumValues { get; init; }

    public bool Allows(JsonTypes type) => (Types & type) != 0;

    private static SchemaNode CreateAny()
    {
        var any = new SchemaNode { Types = JsonTypes.Any, FreeFormObject = true };
        any.AdditionalSchema = any;
        any.Items = any;
        return any;
    }
}
