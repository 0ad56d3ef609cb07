using System.CommandLine;
using System.Security.Cryptography;
using FhirMedGemma.FhirAdapters;
using FhirMedGemma.FhirAdapters.Attachments;
using FhirMedGemma.FhirAdapters.LabReports;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace FhirMedGemma.Cli.Commands;

/// <summary><c>fhirmedgemma extract-labs &lt;file&gt;</c>: a lab report (PDF, image, text or DiagnosticReport JSON) to a transaction Bundle on stdout.</summary>
internal static class ExtractLabsCommand
{
    private const string FileReportIdentifierSystem = "urn:fhirmedgemma:lab-report-file-sha256";

    internal static Command Create()
    {
        var file = new Argument<FileInfo>("report") { Description = "report.pdf | .png | .jpg | .txt | DiagnosticReport.json" };
        var patient = new Option<string?>("--patient") { Description = "The subject, e.g. Patient/123 (required unless the DiagnosticReport has one)." };
        var model = LabCommandSupport.ModelOption();
        var noModel = LabCommandSupport.NoModelOption();
        var command = new Command("extract-labs", "Extract lab results from a report and print the FHIR transaction Bundle.") { file, patient, model, noModel };
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(parse, async (stdout, stderr) =>
        {
            using var chatClient = LabCommandSupport.ChatClientFor(parse, model, noModel);
            using var services = LabCommandSupport.CreateServices(chatClient);
            var outcome = await ExtractAsync(services, parse.GetValue(file)!, parse.GetValue(patient), cancellationToken);
            await stdout.WriteLineAsync(outcome.Transaction.ToJson(pretty: true));
            var counts = outcome.Extraction.Counts;
            await stderr.WriteLineAsync(
                $"{outcome.Extraction.Method}: {counts.Pages} pages, {counts.RowsRead} rows read, {counts.RowsReturned} returned, " +
                $"{counts.RowsDroppedUngrounded + counts.RowsDroppedDisagreeing} dropped, {outcome.Mapped.Count(m => m.IsCoded)} coded to LOINC" +
                string.Concat(outcome.Extraction.Warnings.Select(w => $"; {w.Code}" + (w.Page is { } p ? $" (page {p})" : ""))));
            return 0;
        }));
        return command;
    }

    internal static async Task<LabReportOutcome> ExtractAsync(IServiceProvider services, FileInfo file, string? patient, CancellationToken cancellationToken)
    {
        var processor = services.GetRequiredService<LabReportProcessor>();
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The file '{file.FullName}' does not exist.");
        }

        if (file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            var report = ReadReport(await File.ReadAllTextAsync(file.FullName, cancellationToken));
            return await processor.ProcessAsync(report, patient, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(patient))
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.LabReportSubjectMissing, "A report file names no patient: pass --patient Patient/ID.",
                OperationOutcome.IssueType.Required);
        }

        var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        var content = services.GetRequiredService<AttachmentReader>().Check(bytes, ContentTypeOf(file), file.Name);
        var fileReport = new DiagnosticReport
        {
            Identifier = [new Identifier(FileReportIdentifierSystem, Convert.ToHexStringLower(SHA256.HashData(bytes)))],
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")],
            Code = new CodeableConcept { Text = "Laboratory report" },
        };
        return await processor.ProcessAsync(fileReport, [content], patient, cancellationToken);
    }

    /// <summary>A DiagnosticReport, or a DocumentReference whose attachments become one.</summary>
    private static DiagnosticReport ReadReport(string json)
    {
        Resource? resource;
        try
        {
            resource = new FhirJsonDeserializer().Deserialize<Resource>(json);
        }
        catch (DeserializationFailedException ex) when (ex.PartialResult is Resource partial)
        {
            // Keep what parsed: attachment data the parser rejected is re-checked (and reported) by AttachmentReader.
            resource = partial;
        }
        catch (Exception ex) when (ex is DeserializationFailedException or FormatException or System.Text.Json.JsonException)
        {
            throw new InvalidClinicalInputException(FhirAdapterErrorCodes.NotFhir, "The file is not FHIR JSON.", OperationOutcome.IssueType.Structure, innerException: ex);
        }

        return resource switch
        {
            DiagnosticReport report => report,
            DocumentReference document => LabReportProcessor.AsDiagnosticReport(document),
            _ => throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.WrongResourceType, "The file holds neither a DiagnosticReport nor a DocumentReference.", OperationOutcome.IssueType.NotSupported),
        };
    }

    private static string? ContentTypeOf(FileInfo file) => file.Extension.ToLowerInvariant() switch
    {
        ".pdf" => LabAttachmentContentTypes.Pdf,
        ".png" => LabAttachmentContentTypes.Png,
        ".jpg" or ".jpeg" => LabAttachmentContentTypes.Jpeg,
        ".gif" => LabAttachmentContentTypes.Gif,
        ".webp" => LabAttachmentContentTypes.Webp,
        ".txt" => LabAttachmentContentTypes.Text,
        _ => null,
    };
}
