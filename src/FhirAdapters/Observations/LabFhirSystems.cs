namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>The code systems, profiles and extension URLs lab Observations use, named once.</summary>
public static class LabFhirSystems
{
    /// <summary>LOINC.</summary>
    public const string Loinc = "http://loinc.org";
    /// <summary>UCUM units.</summary>
    public const string Ucum = "http://unitsofmeasure.org";
    /// <summary>SNOMED CT (qualitative results).</summary>
    public const string SnomedCt = "http://snomed.info/sct";
    /// <summary>Observation category (laboratory).</summary>
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    /// <summary>v3 ObservationInterpretation (H, L, N…).</summary>
    public const string ObservationInterpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    /// <summary>Why a value is missing.</summary>
    public const string DataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    /// <summary>HL7 v3 ObservationValue: holds the AI-Transparency security label <see cref="AiAssertedCode"/>.</summary>
    public const string SecurityObservationValue = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    /// <summary>"Artificial Intelligence asserted": the label the HL7 AI Transparency IG puts in meta.security.</summary>
    public const string AiAssertedCode = "AIAST";

    /// <summary>US Core Laboratory Result Observation profile.</summary>
    public const string UsCoreLabProfile = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab";

    /// <summary>Provenance agent types (author).</summary>
    public const string ProvenanceParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    /// <summary>v3 DataOperation (Provenance.activity).</summary>
    public const string DataOperation = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

    /// <summary>
    /// Extension on Observation recording where the row was read: sub-extensions <c>page</c> (integer) and <c>line</c>
    /// (string, the printed line). Machine-readable so that grounding can be re-checked later.
    /// </summary>
    public const string SourceSpanExtension = "https://fhirmedgemma.dev/fhir/StructureDefinition/lab-source-span";
}
