using FhirMedGemma.Api.Summaries;
using FhirMedGemma.Grpc.V1;

namespace FhirMedGemma.Api.Grpc;

/// <summary>Converts internal timings to the proto message.</summary>
internal static class GrpcTimings
{
    public static Timings From(SummaryTimings timings) => new()
    {
        FetchMs = (long)timings.Fetch.TotalMilliseconds,
        PrepareMs = (long)timings.Prepare.TotalMilliseconds,
        GenerationMs = (long)timings.Generation.TotalMilliseconds,
        TimeToFirstTokenMs = (long)(timings.TimeToFirstToken?.TotalMilliseconds ?? 0),
        TotalMs = (long)timings.Total.TotalMilliseconds,
    };
}
