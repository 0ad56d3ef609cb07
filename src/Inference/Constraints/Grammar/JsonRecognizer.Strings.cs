namespace FhirMedGemma.Inference.Constraints.Grammar;

/// <summary>Strings: escapes, UTF-8 across token boundaries, surrogate pairs, length caps, key and enum matching.</summary>
internal partial struct JsonRecognizer
{
    private const byte AfterBackslash = 1;
    private const byte FirstHexDigit = 2;

    private bool StartKey()
    {
        var container = _container!;
        return container.FreeFormObject
            ? StartString(key: true, candidates: null)
            : StartString(key: true, container.PropertyNames) && HasUnseen(0, container.PropertyNames.Length);
    }

    private bool HasKeyLeft() => _container!.FreeFormObject || HasUnseen(0, _container.PropertyNames.Length);

    private readonly bool HasUnseen(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if ((_seen & (1UL << i)) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool StartString(bool key, byte[][]? candidates)
    {
        _lex = Lexeme.String;
        _key = key;
        _len = 0;
        _sub = 0;
        _utf8Need = 0;
        _pendingLowSurrogate = false;
        _restricted = candidates is not null;
        _lo = 0;
        _hi = candidates?.Length ?? 0;
        return true;
    }

    private bool CloseString()
    {
        _lex = Lexeme.None;
        if (!_key)
        {
            EndValue();
            return true;
        }

        _value = _container!.AdditionalSchema;
        _phase = Phase.Colon;
        return true;
    }

    /// <summary>A key or enum value: the bytes must follow one of the sorted candidates, kept as the range [_lo, _hi).</summary>
    private bool ConsumeRestricted(byte b)
    {
        var names = _key ? _container!.PropertyNames : _value.EnumValues!;
        if (b == (byte)'"')
        {
            if (names[_lo].Length != _len || (_key && (_seen & (1UL << _lo)) != 0))
            {
                return false;
            }

            var index = _lo;
            CloseString();
            if (_key)
            {
                _seen |= 1UL << index;
                _value = _container!.PropertySchemas[index];
            }

            return true;
        }

        var lo = _lo;
        while (lo < _hi && (names[lo].Length <= _len || names[lo][_len] != b))
        {
            lo++;
        }

        var hi = lo;
        while (hi < _hi && names[hi].Length > _len && names[hi][_len] == b)
        {
            hi++;
        }

        if (lo == hi || (_key && !HasUnseen(lo, hi)))
        {
            return false;
        }

        _lo = lo;
        _hi = hi;
        _len++;
        return true;
    }

    private bool ConsumeStringByte(byte b)
    {
        if (_utf8Need > 0)
        {
            if (b < _utf8Lo || b > _utf8Hi)
            {
                return false;
            }

            _utf8Need--;
            _utf8Lo = 0x80;
            _utf8Hi = 0xBF;
            _len++;
            return true;
        }

        if (_sub != 0)
        {
            return ConsumeEscape(b);
        }

        if (b == (byte)'\\')
        {
            if (!_pendingLowSurrogate && _len + RecognizerLimits.EscapeReserve > _limits.MaxStringBytes)
            {
                return false;
            }

            _sub = AfterBackslash;
            _len++;
            return true;
        }

        if (_pendingLowSurrogate || b < 0x20)
        {
            return false;
        }

        if (b == (byte)'"')
        {
            return CloseString();
        }

        return b < 0x80 ? Reserve(1) : StartMultiByte(b);
    }

    private bool Reserve(int bytes)
    {
        if (_len + bytes > _limits.MaxStringBytes)
        {
            return false;
        }

        _len++;
        return true;
    }

    /// <summary>A UTF-8 lead byte; the ranges allowed for the next byte rule out overlong forms, surrogates and > U+10FFFF.</summary>
    private bool StartMultiByte(byte b)
    {
        (int need, byte lo, byte hi) = b switch
        {
            >= 0xC2 and <= 0xDF => (1, (byte)0x80, (byte)0xBF),
            0xE0 => (2, (byte)0xA0, (byte)0xBF),
            0xED => (2, (byte)0x80, (byte)0x9F),
            >= 0xE1 and <= 0xEF => (2, (byte)0x80, (byte)0xBF),
            0xF0 => (3, (byte)0x90, (byte)0xBF),
            >= 0xF1 and <= 0xF3 => (3, (byte)0x80, (byte)0xBF),
            0xF4 => (3, (byte)0x80, (byte)0x8F),
            _ => (0, (byte)0, (byte)0),
        };
        if (need == 0 || !Reserve(need + 1))
        {
            return false;
        }

        _utf8Need = (byte)need;
        _utf8Lo = lo;
        _utf8Hi = hi;
        return true;
    }

    private bool ConsumeEscape(byte b)
    {
        if (_sub == AfterBackslash)
        {
            if (b == (byte)'u')
            {
                _sub = FirstHexDigit;
                _hex = 0;
                _len++;
                return true;
            }

            if (_pendingLowSurrogate || b is not ((byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t'))
            {
                return false;
            }

            _sub = 0;
            _len++;
            return true;
        }

        var digit = HexValue(b);
        if (digit < 0)
        {
            return false;
        }

        // The code units still reachable after this digit form the aligned range [lo, hi]: it must contain a valid unit.
        var digits = _sub - FirstHexDigit + 1;
        var value = (_hex << 4) | digit;
        var width = 1 << (4 * (4 - digits));
        int lo = value * width, hi = lo + width - 1;
        var valid = _pendingLowSurrogate ? hi >= 0xDC00 && lo <= 0xDFFF : !(lo >= 0xDC00 && hi <= 0xDFFF);
        if (!valid)
        {
            return false;
        }

        _hex = (ushort)value;
        _len++;
        if (digits < 4)
        {
            _sub++;
            return true;
        }

        _sub = 0;
        _pendingLowSurrogate = !_pendingLowSurrogate && value is >= 0xD800 and <= 0xDBFF;
        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
