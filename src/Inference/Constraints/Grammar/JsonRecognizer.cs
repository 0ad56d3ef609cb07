namespace FhirMedGemma.Inference.Constraints.Grammar;

/// <summary>
/// A byte-at-a-time recogniser of JSON valid for a <see cref="SchemaNode"/>: <see cref="TryConsume"/> says whether a
/// byte can extend the text so far towards a valid document. Every accepted prefix can still be completed, so constrained
/// decoding never paints itself into a corner.
/// </summary>
/// <remarks>
/// A small mutable struct: copying it is the "clone" the trie walk takes at each node. After a rejected byte the
/// instance is partly updated and must be discarded; callers always step a copy.
/// </remarks>
internal partial struct JsonRecognizer
{
    private static readonly byte[] TrueLiteral = "true"u8.ToArray();
    private static readonly byte[] FalseLiteral = "false"u8.ToArray();
    private static readonly byte[] NullLiteral = "null"u8.ToArray();

    private readonly RecognizerLimits _limits;
    private ContainerFrame? _outer;
    private SchemaNode? _container;
    private SchemaNode _value;
    private byte[]? _literal;
    private ulong _seen;
    private int _count;
    private int _depth;
    private int _len;
    private int _lo;
    private int _hi;
    private ushort _hex;
    private ContainerKind _kind;
    private Phase _phase;
    private Lexeme _lex;
    private byte _sub;
    private byte _ws;
    private byte _utf8Need;
    private byte _utf8Lo;
    private byte _utf8Hi;
    private bool _restricted;
    private bool _key;
    private bool _pendingLowSurrogate;
    private bool _integerOnly;

    public JsonRecognizer(SchemaNode root, RecognizerLimits limits)
    {
        _limits = limits;
        _value = root;
        _kind = ContainerKind.Root;
        _phase = Phase.Value;
    }

    /// <summary>The top-level value is closed; nothing but end-of-sequence may follow.</summary>
    public readonly bool IsComplete => _kind == ContainerKind.Root && _phase == Phase.Done;

    /// <summary>End-of-sequence is allowed now (a closed value, or a top-level number that may also go on).</summary>
    public readonly bool CanEnd => IsComplete || (_kind == ContainerKind.Root && _lex == Lexeme.Number && IsAcceptingNumber(_sub));

    /// <summary>
    /// Inside an unrestricted string with no half-read character or escape: any run of plain characters fits, up to
    /// <paramref name="room"/> bytes. The masker uses this to skip walking the plain-text tokens.
    /// </summary>
    public readonly bool IsInPlainStringContent(out int room)
    {
        var plain = _lex == Lexeme.String && !_restricted && _sub == 0 && _utf8Need == 0 && !_pendingLowSurrogate;
        room = plain ? _limits.MaxStringBytes - _len : 0;
        return plain;
    }

    public bool TryConsume(byte b)
    {
        switch (_lex)
        {
            case Lexeme.String:
                return _restricted ? ConsumeRestricted(b) : ConsumeStringByte(b);
            case Lexeme.Literal:
                return ConsumeLiteral(b);
            case Lexeme.Number:
                if (ConsumeNumber(b))
                {
                    return true;
                }

                if (!IsAcceptingNumber(_sub))
                {
                    return false;
                }

                _lex = Lexeme.None;
                EndValue();
                break;
        }

        return ConsumeStructural(b);
    }

    private bool ConsumeStructural(byte b)
    {
        if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            if (_phase == Phase.Done || _ws >= _limits.MaxWhitespaceRun)
            {
                return false;
            }

            _ws++;
            return true;
        }

        _ws = 0;
        switch (_phase)
        {
            case Phase.Value:
                return StartValue(b);
            case Phase.ObjectStart:
                return b == (byte)'}' ? CloseObject() : b == (byte)'"' && StartKey();
            case Phase.Key:
                return b == (byte)'"' && StartKey();
            case Phase.Colon:
                if (b != (byte)':')
                {
                    return false;
                }

                _phase = Phase.Value;
                return true;
            case Phase.ObjectNext:
                if (b == (byte)',')
                {
                    _phase = Phase.Key;
                    return HasKeyLeft();
                }

                return b == (byte)'}' && CloseObject();
            case Phase.ArrayStart:
                return b == (byte)']' ? _container!.MinItems == 0 && CloseContainer() : _container!.MaxItems > 0 && StartValue(b);
            case Phase.ArrayNext:
                if (b == (byte)',')
                {
                    _phase = Phase.Value;
                    _value = _container!.Items;
                    return _count < _container.MaxItems;
                }

                return b == (byte)']' && _count >= _container!.MinItems && CloseContainer();
            default:
                return false;
        }
    }

    private bool StartValue(byte b)
    {
        var schema = _value;
        if (_kind == ContainerKind.Array)
        {
            _count++;
        }

        switch (b)
        {
            case (byte)'"':
                return schema.Allows(JsonTypes.String) && StartString(key: false, schema.EnumValues);
            case (byte)'{':
                return schema.Allows(JsonTypes.Object) && Open(schema, ContainerKind.Object);
            case (byte)'[':
                return schema.Allows(JsonTypes.Array) && Open(schema, ContainerKind.Array);
            case (byte)'t':
                return schema.Allows(JsonTypes.Boolean) && StartLiteral(TrueLiteral);
            case (byte)'f':
                return schema.Allows(JsonTypes.Boolean) && StartLiteral(FalseLiteral);
            case (byte)'n':
                return schema.Allows(JsonTypes.Null) && StartLiteral(NullLiteral);
            case (byte)'-' or >= (byte)'0' and <= (byte)'9':
                if (!schema.Allows(JsonTypes.Number | JsonTypes.Integer))
                {
                    return false;
                }

                _lex = Lexeme.Number;
                _integerOnly = !schema.Allows(JsonTypes.Number);
                _sub = NumberStart;
                _len = 0;
                return ConsumeNumber(b);
            default:
                return false;
        }
    }

    private bool Open(SchemaNode schema, ContainerKind kind)
    {
        // Only "any value" nesting is unbounded; a schema's own containers are finite (no $ref), and refusing one of
        // those could leave a required property with nothing valid to emit.
        if (_depth >= _limits.MaxDepth && ReferenceEquals(schema, SchemaNode.Any))
        {
            return false;
        }

        _outer = new ContainerFrame(_outer, _container, _kind, _seen, _count, _depth);
        _depth++;
        _container = schema;
        _kind = kind;
        _seen = 0;
        _count = 0;
        _value = schema.Items;
        _phase = kind == ContainerKind.Object ? Phase.ObjectStart : Phase.ArrayStart;
        return true;
    }

    private bool CloseObject() => (_container!.RequiredMask & ~_seen) == 0 && CloseContainer();

    private bool CloseContainer()
    {
        var outer = _outer!;
        _outer = outer.Outer;
        _container = outer.Container;
        _kind = outer.Kind;
        _seen = outer.Seen;
        _count = outer.Count;
        _depth = outer.Depth;
        EndValue();
        return true;
    }

    private void EndValue() => _phase = _kind switch
    {
        ContainerKind.Object => Phase.ObjectNext,
        ContainerKind.Array => Phase.ArrayNext,
        _ => Phase.Done,
    };

    private bool StartLiteral(byte[] literal)
    {
        _lex = Lexeme.Literal;
        _literal = literal;
        _len = 1;
        return true;
    }

    private bool ConsumeLiteral(byte b)
    {
        if (_literal![_len] != b)
        {
            return false;
        }

        if (++_len == _literal.Length)
        {
            _lex = Lexeme.None;
            EndValue();
        }

        return true;
    }
}
