namespace FhirMedGemma.Inference.Constraints.Grammar;

/// <summary>The JSON Schema <c>type</c> keyword as a set.</summary>
[Flags]
internal enum JsonTypes : byte
{
    None = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Number = 8,
    Integer = 16,
    Boolean = 32,
    Null = 64,
    Any = Object | Array | String | Number | Integer | Boolean | Null,
}
