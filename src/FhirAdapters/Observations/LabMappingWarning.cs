namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>One thing the mapper could not carry over. The message never quotes the row (patient data).</summary>
/// <param name="Code">The stable code.</param>
/// <param name="Message">What happened, without values.</param>
public sealed record LabMappingWarning(LabMappingWarningCode Code, string Message);
