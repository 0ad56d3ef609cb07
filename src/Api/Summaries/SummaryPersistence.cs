using FhirMedGemma.Api.Upstream;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Summaries;

/// <summary>Writes a summary's DocumentReference and Provenance to the upstream server in one transaction.</summary>
internal sealed class SummaryPersistence(UpstreamFhirClient upstream)
{
    /// <summary>Returns the id the server gave the DocumentReference, when its response says.</summary>
    public async Task<string?> PersistAsync(DocumentReference document, Provenance provenance, CancellationToken cancellationToken)
    {
        var documentUrl = $"urn:uuid:{Guid.NewGuid()}";
        var toStore = (DocumentReference)document.DeepCopy();
        toStore.Id = null;
        var provenanceToStore = (Provenance)provenance.DeepCopy();
        provenanceToStore.Id = null;
        provenanceToStore.Target = [new ResourceReference(documentUrl)];
        var transaction = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                Entry(documentUrl, toStore),
                Entry($"urn:uuid:{Guid.NewGuid()}", provenanceToStore),
            ],
        };
        var response = await upstream.TransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
        var location = response.Entry.FirstOrDefault()?.Response?.Location;
        return location?.Split('/') is [_, var id, ..] ? id : null;
    }

    private static Bundle.EntryComponent Entry(string fullUrl, Resource resource) => new()
    {
        FullUrl = fullUrl,
        Resource = resource,
        Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName },
    };
}
