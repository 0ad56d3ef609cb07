using FhirMedGemma.Api.Upstream;
using FhirMedGemma.FhirAdapters;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Summaries;

/// <summary>Gets a patient's record: the Bundle the caller sent, or <c>$everything</c> from the upstream server.</summary>
internal sealed class PatientRecordSource(UpstreamFhirClient upstream, TimeProvider time)
{
    public static Bundle RequireBundle(Resource resource, string? expression = null) => resource as Bundle
        ?? throw new InvalidClinicalInputException(FhirAdapterErrorCodes.WrongResourceType,
            $"Expected a Bundle holding the patient record, got a {resource.TypeName}.", OperationOutcome.IssueType.Invalid, expression);

    public async Task<(Bundle Record, TimeSpan FetchTime)> FetchAsync(string patientId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var record = await upstream.GetPatientEverythingAsync(patientId, cancellationToken).ConfigureAwait(false);
        return (record, time.GetElapsedTime(started));
    }
}
