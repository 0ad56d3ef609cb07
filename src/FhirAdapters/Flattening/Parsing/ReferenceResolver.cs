using Hl7.Fhir.Model;

using FhirMedGemma.FhirAdapters.Flattening.Text;

namespace FhirMedGemma.FhirAdapters.Flattening.Parsing;

/// <summary>
/// Follows references the way Synthea and FHIR servers write them: <c>#contained</c>, <c>urn:uuid:</c> fullUrls,
/// relative <c>Type/id</c>, absolute URLs and conditional references (<c>Practitioner?identifier=…</c>).
/// </summary>
/// <remarks>
/// A reference that can only point inside the bundle (contained, <c>urn:uuid:</c>, or a relative reference to clinical
/// data) and does not resolve is a broken record and fails. Conditional and absolute references, and relative references
/// to who/where resources (Practitioner, Organization, Location…) that servers commonly leave out, resolve to null and
/// the caller keeps the reference's display text.
/// </remarks>
internal sealed class ReferenceResolver(RecordIndex index)
{
    private static readonly HashSet<string> OptionalTargets = new(StringComparer.Ordinal)
    {
        "Practitioner", "PractitionerRole", "Organization", "Location", "Device", "HealthcareService", "RelatedPerson",
        "Endpoint", "Group",
    };

    /// <summary>Resolves <paramref name="reference"/> made by <paramref name="container"/> at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidClinicalInputException">A reference that must resolve inside the bundle does not.</exception>
    public Resource? Resolve(ResourceReference? reference, Resource container, string path)
    {
        var text = reference?.Reference;
        if (string.IsNullOrEmpty(text) || text.Contains('?', StringComparison.Ordinal))
        {
            return null;
        }

        if (text[0] == '#')
        {
            var id = text[1..];
            return (container as DomainResource)?.Contained.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal))
                ?? throw Broken(container, path);
        }

        if (index.TryGetByFullUrl(text, out var byUrl))
        {
            return byUrl;
        }

        if (text.StartsWith("urn:", StringComparison.Ordinal))
        {
            throw Broken(container, path);
        }

        var typeAndId = TypeAndId(text);
        if (typeAndId is null)
        {
            return null;
        }

        if (index.TryGetByTypeAndId(typeAndId.Value.Key, out var byId))
        {
            return byId;
        }

        var isAbsolute = text.Contains("://", StringComparison.Ordinal);
        return isAbsolute || OptionalTargets.Contains(typeAndId.Value.Type) ? null : throw Broken(container, path);
    }

    /// <summary>The name to print for a reference: the resolved resource's name, else the reference's display.</summary>
    public string? Display(ResourceReference? reference, Resource container, string path) =>
        Resolve(reference, container, path) switch
        {
            Condition c => ClinicalText.Concept(c.Code),
            Medication m => ClinicalText.Concept(m.Code),
            Observation o => ClinicalText.Concept(o.Code),
            Procedure p => ClinicalText.Concept(p.Code),
            Practitioner p when p.Name.Count > 0 => p.Name[0].Text ?? reference?.Display,
            Organization o => o.Name ?? reference?.Display,
            Location l => l.Name ?? reference?.Display,
            _ => reference?.Display,
        };

    private static (string Key, string Type)? TypeAndId(string reference)
    {
        // Strip a version ("/_history/2") and a base URL; keep the last "Type/id" pair.
        var history = reference.IndexOf("/_history/", StringComparison.Ordinal);
        var path = history >= 0 ? reference[..history] : reference;
        var parts = path.Split('/');
        if (parts.Length < 2 || parts[^1].Length == 0 || parts[^2].Length == 0 || !char.IsUpper(parts[^2][0]))
        {
            return null;
        }

        return ($"{parts[^2]}/{parts[^1]}", parts[^2]);
    }

    private static InvalidClinicalInputException Broken(Resource container, string path) =>
        new(
            FhirAdapterErrorCodes.BrokenReference,
            $"The reference at {container.TypeName}.{path} (resource {container.TypeName}/{container.Id}) does not resolve inside the bundle.",
            OperationOutcome.IssueType.Invalid,
            $"{container.TypeName}.{path}");
}
