using Microsoft.AspNetCore.Http.Features;

namespace FhirMedGemma.Api.Limits;

/// <summary>
/// gRPC requests are limited by <c>MaxReceiveMessageSize</c> (the same Limits:MaxRequestBodyBytes), which answers
/// RESOURCE_EXHAUSTED. Kestrel's own body limit would instead abort the stream mid-read and the client would see UNKNOWN,
/// so it is lifted for gRPC calls only.
/// </summary>
internal static class GrpcBodySizeMiddleware
{
    public static IApplicationBuilder UseGrpcMessageSizeLimitOnly(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true &&
            context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        return next(context);
    });
}
