using System.Text.Json;
using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.FhirAdapters.Flattening.Parsing;

/// <summary>
/// Parses raw FHIR JSON or XML into a <see cref="Bundle"/> with the Firely SDK, turning every way it can fail into an
/// <see cref="InvalidClinicalInputException"/> whose message never quotes the input.
/// </summary>
/// <remarks>
/// Recoverable mode: real servers and Synthea emit small deviations (unknown extensions, odd primitives) that must not
/// lose the record; only input that is not FHIR at all fails. Thread-safe: the deserializers are immutable.
/// </remarks>
internal static class BundleReader
{
    private static readonly FhirJsonDeserializer JsonDeserializer = FhirJsonDeserializer.RECOVERABLE;
    private static readonly FhirXmlDeserializer XmlDeserializer = FhirXmlDeserializer.RECOVERABLE;

    public static Bundle Read(FlatteningRequest request, FlatteningOptions options)
    {
        if (request.Bundle is not null)
        {
            return request.Bundle;
        }

        var length = request.Text?.Length ?? request.Utf8.Length;
        if (length > options.MaxBundleBytes)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.BundleTooLarge,
                $"The bundle is {length} bytes; the limit (Flattening:MaxBundleBytes) is {options.MaxBundleBytes}.",
                Hl7.Fhir.Model.OperationOutcome.IssueType.TooCostly);
        }

        var format = request.Format == FlatteningInputFormat.Auto ? Sniff(request) : request.Format;
        var resource = format == FlatteningInputFormat.Json ? ParseJson(request) : ParseXml(request);
        return resource as Bundle ?? throw new InvalidClinicalInputException(
            FhirAdapterErrorCodes.WrongResourceType,
            $"Expected a Bundle but the input is a {resource.TypeName}.",
            expression: resource.TypeName);
    }

    private static FlatteningInputFormat Sniff(FlatteningRequest request)
    {
        var first = request.Text is not null ? FirstText(request.Text) : FirstUtf8(request.Utf8.Span);
        return first switch
        {
            '{' => FlatteningInputFormat.Json,
            '<' => FlatteningInputFormat.Xml,
            _ => throw NotFhir("The input is neither FHIR JSON nor FHIR XML (it starts with neither '{' nor '<').", null),
        };
    }

    private static char FirstText(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return c;
            }
        }

        return '\0';
    }

    private static char FirstUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        foreach (var b in utf8)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return (char)b;
            }
        }

        return '\0';
    }

    private static Resource ParseJson(FlatteningRequest request)
    {
        try
        {
            var reader = request.Text is not null
                ? new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(request.Text))
                : new Utf8JsonReader(SkipBom(request.Utf8.Span));
            JsonDeserializer.TryDeserializeResource(ref reader, out var resource, out _);
            // Recoverable mode returns a DynamicResource for JSON without a known resourceType.
            return resource is null or DynamicResource ? throw NotFhir("The input is JSON but not a FHIR resource.", null) : resource;
        }
        catch (Exception e) when (e is JsonException or DeserializationFailedException or FormatException or InvalidOperationException)
        {
            throw NotFhir("The input is not valid FHIR JSON.", e);
        }
    }

    private static Resource ParseXml(FlatteningRequest request)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var reader = request.Text is not null
                ? XmlReader.Create(new StringReader(request.Text), settings)
                : XmlReader.Create(AsStream(request.Utf8), settings);
            XmlDeserializer.TryDeserializeResource(reader, out var resource, out _);
            return resource is null or DynamicResource ? throw NotFhir("The input is XML but not a FHIR resource.", null) : resource;
        }
        catch (Exception e) when (e is XmlException or DeserializationFailedException or FormatException or InvalidOperationException)
        {
            throw NotFhir("The input is not valid FHIR XML.", e);
        }
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> utf8) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(utf8, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(utf8.ToArray(), writable: false);

    private static ReadOnlySpan<byte> SkipBom(ReadOnlySpan<byte> utf8) =>
        utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8;

    private static InvalidClinicalInputException NotFhir(string message, Exception? inner) =>
        new(FhirAdapterErrorCodes.NotFhir, message, Hl7.Fhir.Model.OperationOutcome.IssueType.Structure, innerException: inner);
}
