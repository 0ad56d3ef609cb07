using FhirMedGemma.FhirAdapters.Flattening.Parsing;
using FhirMedGemma.FhirAdapters.Flattening.Sections;
using FhirMedGemma.FhirAdapters.Flattening.Text;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Flattening;

/// <summary>
/// Flattens one patient's FHIR R4 Bundle (collection, transaction, searchset or document; JSON or XML) into compact,
/// clinically ordered prompt text with a citation key on every fact line, inside a token budget.
/// </summary>
/// <remarks>
/// Thread-safe and stateless: register once. Output depends only on the bundle, the as-of date and the options, never on
/// bundle order or the clock. The text is patient data; the counts on <see cref="FlattenedRecord"/> are safe to log.
/// </remarks>
public sealed class BundleFlattener(IOptions<FlatteningOptions> options, ITokenCounter tokenCounter, TimeProvider timeProvider)
{
    // Types a section reads; every other type is skipped and counted.
    private static readonly HashSet<string> FlattenedTypes = new(StringComparer.Ordinal)
    {
        "Patient", "Condition", "AllergyIntolerance", "MedicationRequest", "MedicationStatement", "Medication", "Encounter",
        "Procedure", "Immunization", "Observation", "CarePlan", "Goal", "DiagnosticReport", "DocumentReference",
        "Practitioner", "Organization", "Location",
    };

    private readonly PromptComposer _composer = new(tokenCounter);

    /// <summary>Flattens the record in <paramref name="request"/>.</summary>
    /// <exception cref="InvalidClinicalInputException">
    /// The input is not FHIR JSON/XML (<c>NOT_FHIR</c>), not a Bundle (<c>WRONG_RESOURCE_TYPE</c>), holds no or several
    /// Patients (<c>PATIENT_MISSING</c>, <c>MULTIPLE_PATIENTS</c>), has a reference that should resolve inside it and does
    /// not (<c>BROKEN_REFERENCE</c>), holds a value its type or value set forbids (<c>INVALID_VALUE</c>), or exceeds a size
    /// limit (<c>BUNDLE_TOO_LARGE</c>).
    /// </exception>
    /// <exception cref="ArgumentException">The request's own options or budget are invalid (a caller bug, not bad input).</exception>
    public FlattenedRecord Flatten(FlatteningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var effective = request.Options ?? options.Value;
        if (request.Options is not null && new FlatteningOptionsValidator().Validate(null, request.Options) is { Failed: true } failure)
        {
            throw new ArgumentException($"Invalid per-request flattening options: {failure.FailureMessage}", nameof(request));
        }

        if (request.TokenBudget is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.TokenBudget, "The token budget must be positive.");
        }

        var bundle = BundleReader.Read(request, effective);
        var index = RecordIndex.Build(bundle, effective);
        var asOf = request.AsOf ?? timeProvider.GetUtcNow();
        try
        {
            return Flatten(new FlatteningContext(index, asOf, effective), request.TokenBudget ?? (effective.DefaultTokenBudget > 0 ? effective.DefaultTokenBudget : null));
        }
        catch (Exception e) when (e is Hl7.Fhir.Utility.CodedException or FormatException or InvalidCastException)
        {
            // Recoverable parsing keeps invalid primitives; Firely throws when one is read. Its message quotes the value.
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.InvalidValue,
                "An element of the bundle holds a value its type or value set does not allow (e.g. an unknown status code).",
                Hl7.Fhir.Model.OperationOutcome.IssueType.Value,
                innerException: e);
        }
    }

    private FlattenedRecord Flatten(FlatteningContext context, int? budget)
    {
        var index = context.Index;
        var asOf = context.AsOf;

        var (active, resolved) = ProblemSections.Build(context);
        var (labs, vitals, other) = ObservationSections.Build(context);
        var (notes, duplicateNotes) = NoteSection.Build(context);
        RecordSection[] sections =
        [
            PatientSection.Build(context), active, resolved, AllergySection.Build(context), MedicationSection.Build(context),
            EncounterSection.Build(context), RepeatedEventSection.Procedures(context), RepeatedEventSection.Immunizations(context),
            labs, vitals, other, CarePlanSection.Build(context), ReportSection.Build(context), notes,
        ];

        var heading = $"Patient record as of {asOf:yyyy-MM-dd}. Each fact ends with a [key] that cites its source resources.";
        var prompt = _composer.Compose(heading, sections.Where(s => s.Facts.Count + s.OmittedByLimit > 0).ToList(), budget);

        return new FlattenedRecord
        {
            Text = prompt.Text,
            Citations = prompt.Citations,
            PatientReference = index.PatientReference,
            TokenCount = prompt.TokenCount,
            AsOf = asOf,
            ResourcesRead = index.Resources.Count,
            SkippedResourceTypes = index.Resources
                .Where(r => !FlattenedTypes.Contains(r.TypeName))
                .GroupBy(r => r.TypeName, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            LinesOmittedByBudget = prompt.FactsOmittedByBudget,
            DuplicateNotesRemoved = duplicateNotes,
        };
    }
}
