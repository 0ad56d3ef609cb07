using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.Api.Limits;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Fhir;

/// <summary>Reads a FHIR resource from a request body: checks the media type (415), the size (413) and the syntax (400).</summary>
internal sealed class FhirRequestReader(FhirSerialization serialization, IOptions<LimitsOptions> limits)
{
    public async Task<Resource> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var format = FhirMediaTypes.FormatOf(request.ContentType) ?? throw new ServiceException(
            ErrorKind.UnsupportedMediaType, ServiceErrorCodes.UnsupportedMediaType,
            "The body must be application/fhir+json or application/fhir+xml.");
        var max = limits.Value.MaxRequestBodyBytes;
        if (request.ContentLength > max)
        {
            throw new ServiceException(ErrorKind.TooLarge, ServiceErrorCodes.BodyTooLarge,
                $"The body has {request.ContentLength} bytes; Limits:MaxRequestBodyBytes is {max}.");
        }

        // Kestrel enforces the same limit on chunked bodies while we read (BadHttpRequestException, mapped to 413).
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new ServiceException(ErrorKind.BadRequest, ServiceErrorCodes.InvalidRequest, "The request body is empty.");
        }

        return serialization.Parse(body, format);
    }
}
