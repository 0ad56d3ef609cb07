using System.Globalization;
using System.Text.Json;

namespace FhirMedGemma.LabReportHarness;

/// <summary>One lab result taken from a Synthea Observation (category laboratory).</summary>
public sealed record SyntheaLabResult(string Loinc, string Display, decimal? Number, string? Ucum, string? Qualitative);

/// <summary>The lab results of one patient on one day: the content of one synthetic report.</summary>
public sealed record SyntheaLabPanel(string PatientName, string BirthDate, string Gender, string Mrn, string Date, IReadOnlyList<SyntheaLabResult> Results);

/// <summary>Reads the lab Observations of Synthea R4 bundles, grouped per patient and day.</summary>
public static class SyntheaLabResults
{
    public static IReadOnlyList<SyntheaLabPanel> Load(string syntheaDirectory)
    {
        var panels = new List<SyntheaLabPanel>();
        foreach (var file in Directory.GetFiles(syntheaDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            using var bundle = JsonDocument.Parse(stream);
            panels.AddRange(PanelsOf(bundle.RootElement));
        }

        return panels;
    }

    private static IEnumerable<SyntheaLabPanel> PanelsOf(JsonElement bundle)
    {
        var resources = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        var patient = resources.FirstOrDefault(r => r.GetProperty("resourceType").GetString() == "Patient");
        if (patient.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        var name = patient.GetProperty("name")[0];
        var fullName = string.Join(' ', name.GetProperty("given").EnumerateArray().Select(g => g.GetString())) + " " + name.GetProperty("family").GetString();
        var mrn = patient.TryGetProperty("identifier", out var ids) && ids.GetArrayLength() > 1 ? ids[1].GetProperty("value").GetString() ?? "" : "";
        var results = new List<(string Date, SyntheaLabResult Result)>();
        foreach (var r in resources.Where(IsLab))
        {
            var coding = r.GetProperty("code").GetProperty("coding")[0];
            var display = coding.GetProperty("display").GetString()!.Replace("\u200b", "", StringComparison.Ordinal);
            var date = r.TryGetProperty("effectiveDateTime", out var eff) ? eff.GetString()![..10] : "unknown";
            if (r.TryGetProperty("valueQuantity", out var q) && q.TryGetProperty("value", out var v))
            {
                var unit = q.TryGetProperty("code", out var c) ? c.GetString() : null;
                results.Add((date, new SyntheaLabResult(coding.GetProperty("code").GetString()!, display, v.GetDecimal(), unit, null)));
            }
            else if (r.TryGetProperty("valueCodeableConcept", out var cc))
            {
                var text = cc.GetProperty("coding")[0].GetProperty("display").GetString()!.Replace(" (qualifier value)", "", StringComparison.Ordinal);
                results.Add((date, new SyntheaLabResult(coding.GetProperty("code").GetString()!, display, null, null, text)));
            }
        }

        foreach (var day in results.GroupBy(r => r.Date).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var distinct = day.Select(d => d.Result).DistinctBy(r => r.Loinc).ToList();
            yield return new SyntheaLabPanel(
                fullName.Trim(), patient.GetProperty("birthDate").GetString() ?? "", patient.GetProperty("gender").GetString() ?? "",
                mrn, day.Key, distinct);
        }
    }

    private static bool IsLab(JsonElement resource) =>
        resource.GetProperty("resourceType").GetString() == "Observation"
        && resource.TryGetProperty("category", out var categories)
        && categories.EnumerateArray().Any(c => c.TryGetProperty("coding", out var cs)
            && cs.EnumerateArray().Any(x => x.TryGetProperty("code", out var code) && code.GetString() == "laboratory"));

    /// <summary>Prints a number as a lab would: fewer decimals for larger values.</summary>
    public static string Print(decimal value)
    {
        var abs = Math.Abs(value);
        var decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
        return Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
