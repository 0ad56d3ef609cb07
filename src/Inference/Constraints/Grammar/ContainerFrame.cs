namespace FhirMedGemma.Inference.Constraints.Grammar;

/// <summary>
/// An enclosing object or array saved while a nested one is open. Immutable and linked, so copying a
/// <see cref="JsonRecognizer"/> (done at every trie node while masking) never copies the stack.
/// </summary>
internal sealed record ContainerFrame(
    ContainerFrame? Outer, SchemaNode? Container, ContainerKind Kind, ulong Seen, int Count, int Depth);

/// <summary>What the recogniser is inside of.</summary>
internal enum ContainerKind : byte
{
    Root,
    Object,
    Array,
}

/// <summary>What the current container expects next.</summary>
internal enum Phase : byte
{
    /// <summary>A value (document start, after a colon, after a comma in an array).</summary>
    Value,
    ObjectStart,
    Key,
    Colon,
    ObjectNext,
    ArrayStart,
    ArrayNext,

    /// <summary>The top-level value is complete: only end-of-sequence may follow.</summary>
    Done,
}

/// <summary>The token being lexed, if any.</summary>
internal enum Lexeme : byte
{
    None,
    String,
    Number,
    Literal,
}
