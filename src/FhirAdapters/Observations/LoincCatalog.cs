using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// A curated table of common lab tests (CBC, CMP/BMP, lipids, HbA1c, thyroid, liver, renal, coagulation, urinalysis,
/// iron studies, vitamins, inflammatory markers, and every lab code the Synthea fixtures use), looked up by the names
/// labs print.
/// </summary>
/// <remarks>
/// Immutable and safe for concurrent use. When several tests share a printed name ("Sodium" in blood or in serum,
/// "RDW" in fL or %), the specimen, unit and value kind decide; when they do not, the test listed first in the table
/// wins (bare names follow the codes Synthea files, e.g. "Sodium" → 2947-0; pass the specimen "Serum" for 2951-2).
/// </remarks>
public sealed class LoincCatalog
{
    private const string ResourceName = "FhirMedGemma.FhirAdapters.Observations.loinc-lab-tests.json";
    private static readonly Lazy<LoincCatalog> DefaultCatalog = new(LoadEmbedded);

    private readonly Dictionary<string, LoincTest> _byCode;
    private readonly Dictionary<string, List<(LoincTest Test, int Order)>> _byName;

    private LoincCatalog(IReadOnlyList<LoincTest> tests)
    {
        Tests = tests;
        _byCode = new Dictionary<string, LoincTest>(StringComparer.Ordinal);
        _byName = new Dictionary<string, List<(LoincTest, int)>>(StringComparer.Ordinal);
        for (var i = 0; i < tests.Count; i++)
        {
            var test = tests[i];
            if (!_byCode.TryAdd(test.Code, test))
            {
                throw new InvalidDataException($"LOINC code {test.Code} appears twice in the lab catalog.");
            }

            foreach (var name in test.Synonyms.Prepend(test.Display).Append(test.Code))
            {
                var key = LabNameNormalizer.Normalize(name);
                if (key.Length == 0)
                {
                    continue;
                }

                if (!_byName.TryGetValue(key, out var list))
                {
                    _byName[key] = list = [];
                }

                if (!list.Exists(e => ReferenceEquals(e.Test, test)))
                {
                    list.Add((test, i));
                }
            }
        }
    }

    /// <summary>The catalog shipped with the library (embedded resource <c>loinc-lab-tests.json</c>).</summary>
    public static LoincCatalog Default => DefaultCatalog.Value;

    /// <summary>Every test, in table order.</summary>
    public IReadOnlyList<LoincTest> Tests { get; }

    /// <summary>Reads a catalog from JSON in the format of the embedded table.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed, an entry lacks a code or display, or a code repeats.</exception>
    public static LoincCatalog Load(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        List<CatalogEntry>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<CatalogEntry>>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The lab catalog is not valid JSON.", ex);
        }

        var tests = (entries ?? []).Select(ToTest).ToList();
        return new LoincCatalog(tests);
    }

    /// <summary>The test with this LOINC code, or null.</summary>
    public LoincTest? FindByCode(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>Finds the test a printed name stands for.</summary>
    /// <param name="printedName">The name as printed ("Hgb", "ALT (SGPT)", "Glucose, Serum").</param>
    /// <param name="hints">Specimen, unit and value kind, used to choose between tests sharing the name.</param>
    /// <param name="test">The test found.</param>
    /// <returns>True when the name (or a variant of it) is in the catalog.</returns>
    public bool TryFind(string? printedName, LoincLookupHints? hints, [NotNullWhen(true)] out LoincTest? test)
    {
        test = null;
        if (string.IsNullOrWhiteSpace(printedName))
        {
            return false;
        }

        hints ??= LoincLookupHints.None;
        foreach (var (key, impliedSpecimen) in LabNameNormalizer.Variants(printedName))
        {
            if (_byName.TryGetValue(key, out var candidates))
            {
                var specimen = LabNameNormalizer.NormalizeSpecimen(hints.Specimen) ?? impliedSpecimen;
                test = Choose(candidates, specimen, hints);
                return true;
            }
        }

        return false;
    }

    private static LoincTest Choose(List<(LoincTest Test, int Order)> candidates, string? specimen, LoincLookupHints hints)
    {
        if (candidates.Count == 1)
        {
            return candidates[0].Test;
        }

        return candidates
            .OrderByDescending(c => Score(c.Test, specimen, hints))
            .ThenBy(c => c.Order)
            .First().Test;
    }

    private static int Score(LoincTest test, string? specimen, LoincLookupHints hints)
    {
        var score = 0;
        if (specimen is not null && test.Specimen is not null)
        {
            score += test.Specimen.Contains(specimen, StringComparison.OrdinalIgnoreCase) ? 4 : -4;
        }

        if (hints.UcumUnit is not null && test.DefaultUnit is not null
            && string.Equals(hints.UcumUnit, test.DefaultUnit, StringComparison.Ordinal))
        {
            score += 2;
        }

        if (hints.Quantitative is { } quantitative && quantitative == (test.Scale == LoincScale.Quantitative))
        {
            score += 1;
        }

        return score;
    }

    private static LoincCatalog LoadEmbedded()
    {
        using var stream = typeof(LoincCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the FhirAdapters assembly.");
        return Load(stream);
    }

    private static LoincTest ToTest(CatalogEntry entry, int index)
    {
        if (string.IsNullOrWhiteSpace(entry.Code) || string.IsNullOrWhiteSpace(entry.Display))
        {
            throw new InvalidDataException($"Lab catalog entry {index} lacks a code or a display.");
        }

        var scale = entry.Scale switch
        {
            null or "Qn" => LoincScale.Quantitative,
            "Ord" => LoincScale.Ordinal,
            "Nom" => LoincScale.Nominal,
            _ => throw new InvalidDataException($"Lab catalog entry {index} has an unknown scale."),
        };
        return new LoincTest(entry.Code, entry.Display, entry.Synonyms ?? [], entry.Unit, entry.Specimen, scale, entry.Panel);
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed record CatalogEntry(
        [property: JsonPropertyName("code")] string? Code,
        [property: JsonPropertyName("display")] string? Display,
        [property: JsonPropertyName("synonyms")] IReadOnlyList<string>? Synonyms,
        [property: JsonPropertyName("unit")] string? Unit,
        [property: JsonPropertyName("specimen")] string? Specimen,
        [property: JsonPropertyName("scale")] string? Scale,
        [property: JsonPropertyName("panel")] string? Panel);
}
