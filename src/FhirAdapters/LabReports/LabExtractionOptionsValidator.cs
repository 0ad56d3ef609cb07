using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>Validates <see cref="LabExtractionOptions"/> data annotations at start (source-generated).</summary>
[OptionsValidator]
public sealed partial class LabExtractionOptionsValidator : IValidateOptions<LabExtractionOptions>;
