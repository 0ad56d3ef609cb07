using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.FhirAdapters;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Fhir;

/// <summary>Reads the scalar inputs of an operation from a Parameters body or the query string (the body wins).</summary>
internal static class OperationParameters
{
    public static bool Persist(HttpRequest request, Parameters? parameters) =>
        (parameters?.GetSingleValue<FhirBoolean>("persist")?.Value)
        ?? (bool.TryParse(request.Query["persist"].ToString(), out var persist) && persist);

    public static string? Focus(HttpRequest request, Parameters? parameters) =>
        parameters?.GetSingleValue<FhirString>("focus")?.Value ?? (request.Query["focus"].ToString() is { Length: > 0 } f ? f : null);

    /// <summary>Returns the resource of part <paramref name="name"/>, checking its type.</summary>
    public static TResource? Resource<TResource>(Parameters parameters, string name)
        where TResource : Resource
    {
        var part = parameters.Parameter.FirstOrDefault(p => p.Name == name);
        return part?.Resource switch
        {
            null => null,
            TResource typed => typed,
            _ => throw new InvalidClinicalInputException(FhirAdapterErrorCodes.WrongResourceType,
                $"Parameter '{name}' must hold a {typeof(TResource).Name}.", OperationOutcome.IssueType.Invalid, $"Parameters.parameter.where(name='{name}')"),
        };
    }

    public static InvalidClinicalInputException WrongBody(string expected) => new(
        FhirAdapterErrorCodes.WrongResourceType, $"The body must be {expected}.", OperationOutcome.IssueType.Invalid);

    public static ServiceException MissingPart(string name) => new(
        ErrorKind.BadRequest, ServiceErrorCodes.InvalidRequest, $"The Parameters body needs a '{name}' part.", $"Parameters.parameter.where(name='{name}')");
}
