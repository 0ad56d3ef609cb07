using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.Api.Fhir;
using FhirMedGemma.Api.LabReports;
using FhirMedGemma.Grpc.V1;
using Grpc.Core;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Grpc;

/// <summary>gRPC <c>fhirmedgemma.v1.LabReports</c> over the same <see cref="LabReportOperation"/> as REST.</summary>
internal sealed class LabReportsService(LabReportOperation operation, FhirSerialization serialization) : FhirMedGemma.Grpc.V1.LabReports.LabReportsBase
{
    public override async Task<ExtractObservationsResponse> ExtractObservations(ExtractObservationsRequest request, ServerCallContext context)
    {
        var patient = string.IsNullOrWhiteSpace(request.PatientReference) ? null : request.PatientReference;
        var fetchTime = TimeSpan.Zero;
        DiagnosticReport report;
        switch (request.SourceCase)
        {
            case ExtractObservationsRequest.SourceOneofCase.DiagnosticReportJson:
                context.UserState[GrpcErrorInterceptor.InputFieldKey] = "diagnostic_report_json";
                var parsed = serialization.Parse(request.DiagnosticReportJson, FhirFormat.Json);
                report = parsed as DiagnosticReport ?? throw new FhirAdapters.InvalidClinicalInputException(
                    FhirAdapters.FhirAdapterErrorCodes.WrongResourceType, $"Expected a DiagnosticReport, got a {parsed.TypeName}.");
                break;
            case ExtractObservationsRequest.SourceOneofCase.Document:
                context.UserState[GrpcErrorInterceptor.InputFieldKey] = "document";
                report = DocumentReport.Create(request.Document.Content.ToByteArray(), request.Document.ContentType, patient ?? string.Empty, "document.content");
                patient = null;
                break;
            case ExtractObservationsRequest.SourceOneofCase.DiagnosticReportId:
                context.UserState[GrpcErrorInterceptor.InputFieldKey] = "diagnostic_report_id";
                (report, fetchTime) = await operation.FetchReportAsync(request.DiagnosticReportId, context.CancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ServiceException(ErrorKind.BadRequest, ServiceErrorCodes.InvalidRequest,
                    "Set one of diagnostic_report_json, document or diagnostic_report_id.", "source");
        }

        var result = await operation.ExtractAsync(new LabReportInput(report, patient, request.Persist, "grpc"), fetchTime, context.CancellationToken)
            .ConfigureAwait(false);
        return ToResponse(result);
    }

    private ExtractObservationsResponse ToResponse(LabReportResult result)
    {
        var response = new ExtractObservationsResponse
        {
            BundleJson = serialization.ToJson(result.Bundle),
            ModelInfo = new FhirMedGemma.Grpc.V1.ModelInfo { ModelId = result.ModelId ?? string.Empty, ModelFree = result.ModelFree },
            Usage = new TokenUsage(),
            Timings = new Timings
            {
                FetchMs = (long)result.Fetch.TotalMilliseconds,
                PrepareMs = (long)result.Prepare.TotalMilliseconds,
                GenerationMs = (long)result.Extraction.TotalMilliseconds,
                TotalMs = (long)result.Total.TotalMilliseconds,
            },
            DroppedRows = result.DroppedRows,
        };
        response.Warnings.AddRange(result.Warnings);
        foreach (var mapped in result.Rows)
        {
            var row = mapped.Row;
            response.Rows.Add(new LabRow
            {
                TestName = row.TestName,
                Value = row.ValueText,
                Unit = row.UnitText ?? string.Empty,
                ReferenceRange = row.ReferenceRangeText ?? string.Empty,
                Flag = row.FlagText ?? string.Empty,
                LoincCode = mapped.Test?.Code ?? string.Empty,
                Page = row.Source?.Page ?? 0,
            });
        }

        return response;
    }
}
