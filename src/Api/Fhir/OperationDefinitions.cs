using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationDefinition;

namespace FhirMedGemma.Api.Fhir;

/// <summary>The OperationDefinitions of <c>$summarize</c> and <c>$extract-observations</c>, as served at /fhir/OperationDefinition/{id}.</summary>
internal static class OperationDefinitions
{
    public static OperationDefinition Summarize() => Define(
        FhirOperationNames.SummarizeDefinitionId, "summarize", "Summarize a patient record",
        "Summarizes one patient's record into a cited text and a preliminary DocumentReference labelled as AI-generated " +
        "(or, without a model, a labelled non-AI structured summary). At type level the record comes in the body; at " +
        "instance level the service fetches Patient/[id]/$everything from its upstream FHIR server.",
        ResourceType.Patient,
        [
            Param("bundle", OperationParameterUse.In, 0, "1", "Bundle", "The patient's record (type level only), or send the Bundle itself as the body."),
            Param("persist", OperationParameterUse.In, 0, "1", "boolean", "Write the DocumentReference and Provenance to the upstream server."),
            Param("focus", OperationParameterUse.In, 0, "1", "string", "What the summary should focus on."),
            Param("summary", OperationParameterUse.Out, 1, "1", "string", "The summary text with [key] citations."),
            Param("documentReference", OperationParameterUse.Out, 1, "1", "DocumentReference", "The summary as a preliminary DocumentReference."),
            Param("provenance", OperationParameterUse.Out, 1, "1", "Provenance", "How the summary was produced."),
            Param("removedCitations", OperationParameterUse.Out, 1, "1", "integer", "Citations to keys absent from the record, removed."),
            Param("modelFree", OperationParameterUse.Out, 1, "1", "boolean", "True when no model was used."),
        ]);

    public static OperationDefinition ExtractObservations() => Define(
        FhirOperationNames.ExtractObservationsDefinitionId, "extract-observations", "Extract lab Observations from a report",
        "Reads the lab report attached to a DiagnosticReport (PDF, image or text) and returns a transaction Bundle of " +
        "US Core laboratory Observations with idempotent conditional creates. With persist=true the Bundle is posted to " +
        "the upstream server and the transaction-response is returned.",
        ResourceType.DiagnosticReport,
        [
            Param("report", OperationParameterUse.In, 0, "1", "DiagnosticReport", "The report (type level), or send the DiagnosticReport itself as the body."),
            Param("document", OperationParameterUse.In, 0, "1", "Attachment", "A document to read instead of a report."),
            Param("patient", OperationParameterUse.In, 0, "1", "Reference", "The subject, required with document."),
            Param("persist", OperationParameterUse.In, 0, "1", "boolean", "Post the transaction to the upstream server."),
            Param("return", OperationParameterUse.Out, 1, "1", "Bundle", "The transaction (or transaction-response) Bundle."),
        ]);

    private static OperationDefinition Define(
        string id, string code, string title, string description, ResourceType resource, List<ParameterComponent> parameters) => new()
    {
        Id = id,
        Url = $"{FhirOperationNames.CanonicalBase}/OperationDefinition/{id}",
        Name = title.Replace(" ", string.Empty, StringComparison.Ordinal),
        Title = title,
        Status = PublicationStatus.Active,
        Kind = OperationKind.Operation,
        Code = code,
        Description = new Markdown(description),
        Resource = [resource],
        System = false,
        Type = true,
        Instance = true,
        AffectsState = false,
        Parameter = parameters,
    };

    private static ParameterComponent Param(string name, OperationParameterUse use, int min, string max, string type, string documentation) => new()
    {
        Name = name,
        Use = use,
        Min = min,
        Max = max,
        Documentation = documentation,
        Type = Enum.TryParse<FHIRAllTypes>(type, ignoreCase: true, out var t) ? t : null,
    };
}
