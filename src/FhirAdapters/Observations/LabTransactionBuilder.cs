using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// Builds the transaction Bundle that files mapped lab rows: each Observation a conditional create (<c>ifNoneExist</c>
/// on a deterministic identifier), the DiagnosticReport updated with <c>result</c> references to them, and, for model
/// output, a Provenance naming the model. Replaying the same report yields the same Bundle (bar Provenance.recorded),
/// so a server files nothing twice.
/// </summary>
/// <remarks>
/// Thread-safe. Inputs are copied, never modified. A DiagnosticReport with an id is updated with PUT (with If-Match
/// when it carries a version); one without an id but with an identifier is conditionally created.
/// </remarks>
public sealed class LabTransactionBuilder(IOptions<LabMappingOptions> options, TimeProvider timeProvider)
{
    private readonly LabMappingOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Builds the transaction for one report.</summary>
    /// <param name="report">The report the rows came from; needs an id or an identifier.</param>
    /// <param name="results">The mapped rows, in report order.</param>
    /// <param name="provenance">The model and prompt hash when a model extracted the rows; null for parser output.</param>
    /// <exception cref="ArgumentException">The report has neither an id nor an identifier with system and value.</exception>
    /// <exception cref="InvalidClinicalInputException">More rows than <see cref="LabMappingOptions.MaxRowsPerTransaction"/> (TOO_MANY_LAB_ROWS).</exception>
    public Bundle Build(DiagnosticReport report, IReadOnlyList<LabMappingResult> results, LabModelProvenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count > _options.MaxRowsPerTransaction)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.TooManyLabRows,
                $"The report has {results.Count} lab rows; at most {_options.MaxRowsPerTransaction} fit one transaction (LabMapping:MaxRowsPerTransaction).",
                OperationOutcome.IssueType.TooCostly);
        }

        var (reportEntry, updatedReport, reportReference, reportKey) = BuildReportEntry(report);
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        var observationUrls = new List<string>(results.Count);
        var identifierValues = new List<string>(results.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var contentKey = LabRowIdentity.ContentKey(result.Row);
            var ordinal = seen[contentKey] = seen.GetValueOrDefault(contentKey, -1) + 1;
            var value = LabRowIdentity.RowValue(reportKey, result.Row, ordinal);
            var entry = BuildObservationEntry(result.Observation, value);
            bundle.Entry.Add(entry);
            observationUrls.Add(entry.FullUrl!);
            identifierValues.Add(value);
        }

        updatedReport.Result = updatedReport.Result
            .Where(r => !observationUrls.Contains(r.Reference, StringComparer.Ordinal))
            .Concat(observationUrls.Select(url => new ResourceReference(url)))
            .ToList();
        bundle.Entry.Add(reportEntry);

        if (provenance is not null)
        {
            var targets = observationUrls.Append(reportReference).ToList();
            bundle.Entry.Add(LabProvenanceFactory.Build(provenance, reportKey, reportReference, targets, identifierValues, _options, _time.GetUtcNow()));
        }

        return bundle;
    }

    private Bundle.EntryComponent BuildObservationEntry(Observation mapped, string identifierValue)
    {
        var system = _options.ObservationIdentifierSystem;
        var observation = (Observation)mapped.DeepCopy();
        observation.Identifier.RemoveAll(i => string.Equals(i.System, system, StringComparison.Ordinal));
        observation.Identifier.Insert(0, new Identifier(system, identifierValue));
        return new Bundle.EntryComponent
        {
            FullUrl = LabRowIdentity.Urn($"{system}|{identifierValue}"),
            Resource = observation,
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.POST,
                Url = "Observation",
                IfNoneExist = $"identifier={system}|{identifierValue}",
            },
        };
    }

    private static (Bundle.EntryComponent Entry, DiagnosticReport Report, string Reference, string Key) BuildReportEntry(DiagnosticReport report)
    {
        var copy = (DiagnosticReport)report.DeepCopy();
        if (!string.IsNullOrWhiteSpace(copy.Id))
        {
            var reference = $"DiagnosticReport/{copy.Id}";
            var request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = reference };
            if (!string.IsNullOrEmpty(copy.Meta?.VersionId))
            {
                request.IfMatch = $"W/\"{copy.Meta.VersionId}\"";
            }

            return (new Bundle.EntryComponent { Resource = copy, Request = request }, copy, reference, reference);
        }

        var identifier = copy.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.System) && !string.IsNullOrEmpty(i.Value))
            ?? throw new ArgumentException("The DiagnosticReport needs an id or an identifier (system and value) so that replays can be recognised.", nameof(report));
        var key = $"DiagnosticReport?identifier={identifier.System}|{identifier.Value}";
        var fullUrl = LabRowIdentity.Urn(key);
        var entry = new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = copy,
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.POST,
                Url = "DiagnosticReport",
                IfNoneExist = $"identifier={identifier.System}|{identifier.Value}",
            },
        };
        return (entry, copy, fullUrl, key);
    }
}
