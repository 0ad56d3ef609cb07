using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.Api.Limits;

/// <summary>
/// Request and work limits of the service (section <c>Limits</c>). Every limit has a safe default. The document limits
/// of the same section (MaxPdfPages, MaxAttachmentBytes, MaxImagePixels) belong to the lab-report pipeline's AttachmentOptions.
/// </summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest accepted request body (REST) or message (gRPC), in bytes. Default 32 MiB.</summary>
    [Range(1024, 1L << 31)]
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Operations ($summarize, $extract-observations) running at once. Default 4.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Operations waiting for a slot; beyond this the service answers 429 / RESOURCE_EXHAUSTED. Default 32.</summary>
    [Range(0, 100_000)]
    public int MaxQueuedRequests { get; set; } = 32;

    /// <summary>Seconds a rejected caller is told to wait (Retry-After, RetryInfo). Default 2.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>Upper bound on generated summary tokens; a request may ask for fewer. Default 1024.</summary>
    [Range(16, 32_768)]
    public int MaxSummaryTokens { get; set; } = 1024;

    /// <summary>Finished asynchronous jobs are kept this many minutes for polling. Default 30.</summary>
    [Range(1, 24 * 60)]
    public int AsyncJobRetentionMinutes { get; set; } = 30;
}
