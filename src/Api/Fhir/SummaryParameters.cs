using FhirMedGemma.Api.Summaries;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Fhir;

/// <summary>The $summarize result as the Parameters resource its OperationDefinition declares.</summary>
internal static class SummaryParameters
{
    public static Parameters Create(SummaryResult result)
    {
        var parameters = new Parameters();
        parameters.Add("summary", new FhirString(result.Summary));
        parameters.Add("documentReference", result.Document);
        parameters.Add("provenance", result.Provenance);
        parameters.Add("removedCitations", new Integer(result.RemovedCitations));
        parameters.Add("modelFree", new FhirBoolean(result.ModelFree));
        if (result.ModelId is not null)
        {
            parameters.Add("modelId", new FhirString(result.ModelId));
        }

        if (result.PersistedDocumentReferenceId is not null)
        {
            parameters.Add("persistedDocumentReference", new ResourceReference($"DocumentReference/{result.PersistedDocumentReferenceId}"));
        }

        foreach (var warning in result.Warnings)
        {
            parameters.Add("warning", new FhirString(warning));
        }

        return parameters;
    }
}
