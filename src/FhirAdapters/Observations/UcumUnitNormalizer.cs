using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Fhir.Metrics;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// Turns printed units into validated UCUM codes: known printed aliases first (mEq/L → meq/L, IU/L → [IU]/L,
/// x10E3/uL and K/uL → 10*3/uL, mcg → ug, µ → u), then Fhir.Metrics decides whether the code is valid UCUM.
/// </summary>
/// <remarks>
/// Only spellings of the same unit are rewritten; a value is never converted between units (g/L stays g/L beside g/dL).
/// Thread-safe; results are cached up to <see cref="MaxCachedUnits"/> distinct inputs.
/// </remarks>
public sealed partial class UcumUnitNormalizer
{
    /// <summary>The most distinct printed units remembered; input is untrusted, so the cache is bounded.</summary>
    public const int MaxCachedUnits = 4096;

    // Case matters here: "G/L" is giga-per-litre as printed by European haematology, "g/L" is grams per litre; "K/uL"
    // is thousands per microlitre, whereas UCUM would read K as kelvin.
    private static readonly Dictionary<string, string> CaseSensitiveAliases = new(StringComparer.Ordinal)
    {
        ["K/uL"] = "10*3/uL",
        ["K/µL"] = "10*3/uL",
        ["K/mm3"] = "10*3/uL",
        ["M/uL"] = "10*6/uL",
        ["M/µL"] = "10*6/uL",
        ["G/L"] = "10*9/L",
        ["T/L"] = "10*12/L",
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["meq/L"] = "meq/L",
        ["IU/L"] = "[IU]/L",
        ["IU/mL"] = "[IU]/mL",
        ["mIU/L"] = "m[IU]/L",
        ["mIU/mL"] = "m[IU]/mL",
        ["uIU/mL"] = "u[IU]/mL",
        ["kIU/L"] = "k[IU]/L",
        ["thou/uL"] = "10*3/uL",
        ["thousand/uL"] = "10*3/uL",
        ["mill/uL"] = "10*6/uL",
        ["million/uL"] = "10*6/uL",
        ["cells/uL"] = "/uL",
        ["cells/mm3"] = "/mm3",
        ["/hpf"] = "/[HPF]",
        ["/lpf"] = "/[LPF]",
        ["sec"] = "s",
        ["secs"] = "s",
        ["seconds"] = "s",
        ["mm/hr"] = "mm/h",
        ["mmHg"] = "mm[Hg]",
        ["ratio"] = "{ratio}",
        ["INR"] = "{INR}",
        ["pH"] = "[pH]",
        ["percent"] = "%",
        ["units/L"] = "U/L",
        ["mL/min/1.73m2"] = "mL/min/{1.73_m2}",
        ["mL/min/1.73 m2"] = "mL/min/{1.73_m2}",
        ["mL/min/1.73m^2"] = "mL/min/{1.73_m2}",
        ["mL/min/1.73 m^2"] = "mL/min/{1.73_m2}",
        ["mL/min/1.73"] = "mL/min/{1.73_m2}",
    };

    private static readonly Lazy<SystemOfUnits> Ucum = new(UCUM.Load);
    private static readonly Lock UcumLock = new();

    private readonly ConcurrentDictionary<string, NormalizedUnit> _cache = new(StringComparer.Ordinal);

    /// <summary>A shared instance.</summary>
    public static UcumUnitNormalizer Default { get; } = new();

    /// <summary>Normalises one printed unit. Never throws; an unknown unit comes back with <see cref="UnitNormalization.Unknown"/>.</summary>
    public NormalizedUnit Normalize(string? printedUnit)
    {
        var printed = printedUnit?.Trim();
        if (string.IsNullOrEmpty(printed))
        {
            return NormalizedUnit.None;
        }

        if (_cache.TryGetValue(printed, out var cached))
        {
            return cached;
        }

        var result = Resolve(printed);
        if (_cache.Count < MaxCachedUnits)
        {
            _cache.TryAdd(printed, result);
        }

        return result;
    }

    /// <summary>True when <paramref name="code"/> is a valid UCUM expression.</summary>
    public static bool IsValidUcum(string code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Any(char.IsWhiteSpace))
        {
            return false;
        }

        try
        {
            lock (UcumLock)
            {
                _ = Ucum.Value.Metric(code);
            }

            return true;
        }
#pragma warning disable CA1031 // Fhir.Metrics signals an unknown unit with assorted exception types; any of them means "not UCUM".
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static NormalizedUnit Resolve(string printed)
    {
        if (CaseSensitiveAliases.TryGetValue(printed, out var alias) || Aliases.TryGetValue(printed, out alias))
        {
            return new NormalizedUnit(printed, alias, UnitNormalization.Alias);
        }

        // Conventional spelling first ("mg/dl" → mg/dL, "10^3/uL" → 10*3/uL), even where UCUM would accept the printed one.
        var rewritten = Rewrite(printed);
        if (string.Equals(rewritten, printed, StringComparison.Ordinal))
        {
            return IsValidUcum(printed)
                ? new NormalizedUnit(printed, printed, UnitNormalization.Exact)
                : new NormalizedUnit(printed, null, UnitNormalization.Unknown);
        }

        if (CaseSensitiveAliases.TryGetValue(rewritten, out alias) || Aliases.TryGetValue(rewritten, out alias) || IsValidUcum(rewritten))
        {
            return new NormalizedUnit(printed, alias ?? rewritten, UnitNormalization.Alias);
        }

        if (IsValidUcum(printed))
        {
            return new NormalizedUnit(printed, printed, UnitNormalization.Exact);
        }

        return new NormalizedUnit(printed, null, UnitNormalization.Unknown);
    }

    /// <summary>Spelling fixes that keep the unit: micro signs, mcg, powers of ten, litre case, bare IU and mEq.</summary>
    private static string Rewrite(string printed)
    {
        var s = printed.Replace('µ', 'u').Replace('μ', 'u').Replace(" ", string.Empty, StringComparison.Ordinal);
        s = McgPattern().Replace(s, "ug");
        s = PowerOfTenPattern().Replace(s, "10*$1");
        s = LitrePattern().Replace(s, "$1L");
        s = MeqPattern().Replace(s, "meq");
        s = BareIuPattern().Replace(s, "$1[IU]");
        return s;
    }

    // x10E3, x10^3, 10^3, 10E3, x10*3 (the printed forms of UCUM's 10*3); "10*3" itself is left as it is.
    [GeneratedRegex(@"^(?:[x×]\s*10\s*(?:\^|E|e|\*)|10\s*(?:\^|E|e))\s*(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex PowerOfTenPattern();

    [GeneratedRegex("mcg", RegexOptions.CultureInvariant)]
    private static partial Regex McgPattern();

    // A lower-case litre after a prefix at the start of a term ("mg/dl", "ng/ml", "fl"): UCUM accepts both, L is the convention.
    [GeneratedRegex(@"(?<=^|/)([dmunpf]?)l(?=$|/)", RegexOptions.CultureInvariant)]
    private static partial Regex LitrePattern();

    [GeneratedRegex("mEq", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MeqPattern();

    [GeneratedRegex(@"(?<=^|/)([munk]?)IU(?=$|/)", RegexOptions.CultureInvariant)]
    private static partial Regex BareIuPattern();
}
