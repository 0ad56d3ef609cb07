using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Attachments;

/// <summary>Validates <see cref="AttachmentOptions"/> data annotations at start (source-generated).</summary>
[OptionsValidator]
public sealed partial class AttachmentOptionsValidator : IValidateOptions<AttachmentOptions>;
