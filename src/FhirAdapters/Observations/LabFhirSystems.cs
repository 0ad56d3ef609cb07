namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>The code systems, profiles and extension URLs lab Observations use, named once.</summary>
public static class LabFhirSystems
{
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string SnomedCt = "http://snomed.info/sct";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ObservationInterpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    public const string DataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    /// <summary>HL7 v3 ObservationValue: holds the AI-Transparency security label <see cref="AiAssertedCode"/>.</summary>
    public const string SecurityObservationValue = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    /// <summary>"Artificial Intelligence asserted": the label the HL7 AI Transparency IG puts in meta.security.</summary>
    public const string AiAssertedCode = "AIAST";

    public const string UsCoreLabProfile = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab";

    public const string ProvenanceParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public const string DataOperation = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

    /// <summary>
    /// Extension on Observation recording where the row was read: sub-extensions <c>page</c> (integer) and <c>line</c>
    /// (string, the printed line). Machine-readable so that grounding can be re-checked later.
    /// </summary>
    public const string SourceSpanExtension = "https://fhirmedgemma.dev/fhir/StructureDefinition/lab-source-span";
}
