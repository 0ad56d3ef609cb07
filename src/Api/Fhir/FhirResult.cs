using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace FhirMedGemma.Api.Fhir;

/// <summary>Writes a FHIR resource in the format the caller asked for (<c>_format</c>, then Accept; JSON by default).</summary>
internal sealed class FhirResult(Resource resource, int statusCode = StatusCodes.Status200OK) : IResult
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public Resource Resource { get; } = resource;

    public int StatusCode { get; } = statusCode;

    public FhirResult WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var format = NegotiateFormat(httpContext.Request);
        var body = httpContext.RequestServices.GetRequiredService<FhirSerialization>().Serialize(Resource, format);
        httpContext.Response.StatusCode = StatusCode;
        foreach (var (name, value) in _headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        httpContext.Response.ContentType = (format == FhirFormat.Json ? FhirMediaTypes.Json : FhirMediaTypes.Xml) + "; charset=utf-8";
        await httpContext.Response.WriteAsync(body, httpContext.RequestAborted).ConfigureAwait(false);
    }

    public static FhirFormat NegotiateFormat(HttpRequest request)
    {
        if (FhirMediaTypes.FormatOf(request.Query["_format"].ToString()) is { } explicitFormat)
        {
            return explicitFormat;
        }

        foreach (var accept in request.Headers.Accept.ToString().Split(','))
        {
            if (FhirMediaTypes.FormatOf(accept) is { } accepted)
            {
                return accepted;
            }
        }

        return FhirFormat.Json;
    }
}
