namespace FhirMedGemma.Inference.Chat;

/// <summary>
/// Cuts streamed text at the first stop string. Text that might be the start of a stop string is held back until the
/// next chunk decides it, so no stop string (or part of one) ever reaches the caller.
/// </summary>
/// <remarks>One instance per response; not thread-safe.</remarks>
internal sealed class StopSequenceMatcher(IReadOnlyList<string> stopSequences)
{
    private readonly string[] _stops = stopSequences.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToArray();
    private string _pending = string.Empty;

    public bool Stopped { get; private set; }

    /// <summary>Adds a chunk; returns the text that is now safe to emit. After a match <see cref="Stopped"/> is true.</summary>
    public string Append(string chunk)
    {
        if (Stopped)
        {
            return string.Empty;
        }

        if (_stops.Length == 0)
        {
            return chunk;
        }

        var text = _pending + chunk;
        var cut = -1;
        foreach (var stop in _stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut))
            {
                cut = at;
            }
        }

        if (cut >= 0)
        {
            Stopped = true;
            _pending = string.Empty;
            return text[..cut];
        }

        var hold = LongestSuffixThatStartsAStop(text);
        _pending = text[(text.Length - hold)..];
        return text[..(text.Length - hold)];
    }

    /// <summary>The text still held back (it turned out not to be a stop string).</summary>
    public string Flush()
    {
        var rest = Stopped ? string.Empty : _pending;
        _pending = string.Empty;
        return rest;
    }

    private int LongestSuffixThatStartsAStop(string text)
    {
        var best = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > best; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    best = length;
                    break;
                }
            }
        }

        return best;
    }
}
