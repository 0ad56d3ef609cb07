using Hl7.Fhir.Model;
using Xunit.Sdk;

namespace FhirMedGemma.Api.IntegrationTests.Infrastructure;

/// <summary>Typed, failing-loudly access to the parts of an operation's Parameters result.</summary>
internal static class ParametersExtensions
{
    public static TResource Part<TResource>(this Parameters parameters, string name)
        where TResource : Resource =>
        parameters.GetSingle(name)?.Resource as TResource ?? throw new XunitException($"The result has no '{name}' {typeof(TResource).Name} part.");

    public static TValue Value<TValue>(this Parameters parameters, string name)
        where TValue : DataType =>
        parameters.GetSingleValue<TValue>(name) ?? throw new XunitException($"The result has no '{name}' {typeof(TValue).Name} value.");
}
