namespace FhirMedGemma.Inference.Constraints.Grammar;

/// <summary>Numbers per RFC 8259: <c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>, integers without . or e.</summary>
internal partial struct JsonRecognizer
{
    private const byte NumberStart = 0;
    private const byte NumberMinus = 1;
    private const byte NumberZero = 2;
    private const byte NumberInteger = 3;
    private const byte NumberDot = 4;
    private const byte NumberFraction = 5;
    private const byte NumberExponent = 6;
    private const byte NumberExponentSign = 7;
    private const byte NumberExponentDigits = 8;

    private static bool IsAcceptingNumber(byte state) =>
        state is NumberZero or NumberInteger or NumberFraction or NumberExponentDigits;

    /// <summary>Extends the number by <paramref name="b"/>; false when the byte is not part of it (it may end it).</summary>
    private bool ConsumeNumber(byte b)
    {
        var digit = b is >= (byte)'0' and <= (byte)'9';
        var exponent = b is (byte)'e' or (byte)'E';
        int next = _sub switch
        {
            NumberStart => b == (byte)'-' ? NumberMinus : b == (byte)'0' ? NumberZero : digit ? NumberInteger : -1,
            NumberMinus => b == (byte)'0' ? NumberZero : digit ? NumberInteger : -1,
            NumberZero => b == (byte)'.' ? NumberDot : exponent ? NumberExponent : -1,
            NumberInteger => digit ? NumberInteger : b == (byte)'.' ? NumberDot : exponent ? NumberExponent : -1,
            NumberDot => digit ? NumberFraction : -1,
            NumberFraction => digit ? NumberFraction : exponent ? NumberExponent : -1,
            NumberExponent => b is (byte)'+' or (byte)'-' ? NumberExponentSign : digit ? NumberExponentDigits : -1,
            NumberExponentSign or NumberExponentDigits => digit ? NumberExponentDigits : -1,
            _ => -1,
        };
        if (next < 0 || (_integerOnly && next is NumberDot or NumberExponent))
        {
            return false;
        }

        // A state that still needs a digit must leave room for it, so a capped number can always be finished.
        var needed = _len + 1 + (IsAcceptingNumber((byte)next) ? 0 : 1);
        if (needed > _limits.MaxNumberChars)
        {
            return false;
        }

        _sub = (byte)next;
        _len++;
        return true;
    }
}
