using FhirMedGemma.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.Api.IntegrationTests.Infrastructure;

/// <summary>Synthea bundles from the repository, as text and parsed, plus the patient data a log must never show.</summary>
internal static class SyntheaFixtures
{
    /// <summary>A small record: fast to summarize in every test.</summary>
    public const string Small = "Dino214";

    /// <summary>A record of several hundred entries: $everything spans several pages.</summary>
    public const string Paged = "Clemente";

    public static string Json(string prefix) => File.ReadAllText(RepoFixtures.SyntheaBundle(prefix));

    public static Bundle Bundle(string prefix) => new FhirJsonDeserializer().Deserialize<Bundle>(Json(prefix));

    public static string PatientId(string prefix) => Bundle(prefix).Entry.Select(e => e.Resource).OfType<Patient>().Single().Id!;

    /// <summary>Names, identifiers, birth date, address and telecom of the patient, and precise measured values.</summary>
    public static IReadOnlyList<string> SensitiveStrings(string prefix)
    {
        var bundle = Bundle(prefix);
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        var strings = new List<string>();
        strings.AddRange(patient.Name.SelectMany(n => n.Given.Append(n.Family)).Where(s => s is { Length: > 2 })!);
        // Synthea repeats the logical id as one identifier; logical ids are server-assigned and may be logged.
        strings.AddRange(patient.Identifier.Select(i => i.Value).OfType<string>().Where(v => v.Length > 4 && v != patient.Id));
        strings.AddRange(patient.Address.SelectMany(a => a.Line.Append(a.City)).Where(s => s is { Length: > 3 })!);
        strings.AddRange(patient.Telecom.Select(t => t.Value).OfType<string>().Where(v => v.Length > 4));
        if (patient.BirthDate is { } birthDate)
        {
            strings.Add(birthDate);
        }

        // Unrounded Synthea values ("97.38151…") cannot occur in a log by chance.
        strings.AddRange(bundle.Entry.Select(e => e.Resource).OfType<Observation>()
            .Select(o => (o.Value as Quantity)?.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Where(v => v is { Length: > 6 } && v.Contains('.', StringComparison.Ordinal)).Distinct().Take(50)!);
        return strings.Distinct(StringComparer.Ordinal).ToList();
    }
}
