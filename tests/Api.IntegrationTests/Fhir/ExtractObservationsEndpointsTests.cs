using System.Net;
using FhirMedGemma.Api.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.IntegrationTests.Fhir;

/// <summary>$extract-observations over REST, model-free (the table parser), against the real host.</summary>
public sealed class ExtractObservationsEndpointsTests
{
    [Fact]
    public async Task PostReport_WithoutModel_ReturnsTransactionOfCodedObservations()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = host.AuthorizedHttp();

        using var response = await http.PostAsync("fhir/DiagnosticReport/$extract-observations", FhirHttp.Body(LabReportFixtures.Report()));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var bundle = await FhirHttp.ReadAsync<Bundle>(response);
        bundle.Type.Should().Be(Bundle.BundleType.Transaction);
        var observations = bundle.Entry.Select(e => e.Resource).OfType<Observation>().ToList();
        observations.Should().HaveCount(4);
        observations.Should().OnlyContain(o => o.Subject!.Reference == LabReportFixtures.PatientReference);
        observations.SelectMany(o => o.Code.Coding).Select(c => c.Code).Should().Contain("4548-4", "HbA1c maps to LOINC 4548-4");
        bundle.Entry.Where(e => e.Resource is Observation).Should().OnlyContain(e => e.Request!.IfNoneExist != null, "replays must not duplicate");
        bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().Single().Result.Should().HaveCount(4);
    }

    [Fact]
    public async Task PostParameters_WithDocumentAndPatient_ReadsTheDocument()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = host.AuthorizedHttp();
        var parameters = new Parameters();
        parameters.Add("document", new Attachment { ContentType = "text/plain", Data = LabReportFixtures.Bytes });
        parameters.Add("patient", new ResourceReference("Patient/p-42"));

        using var response = await http.PostAsync("fhir/DiagnosticReport/$extract-observations", FhirHttp.Body(parameters));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var bundle = await FhirHttp.ReadAsync<Bundle>(response);
        bundle.Entry.Select(e => e.Resource).OfType<Observation>().Should().HaveCount(4).And.OnlyContain(o => o.Subject!.Reference == "Patient/p-42");
    }

    [Fact]
    public async Task PostById_PersistTrue_FetchesReportUpstreamAndPostsTheTransaction()
    {
        await using var upstream = await LoopbackFhirServer.StartAsync();
        upstream.Add(LabReportFixtures.Report("upstream-report"));
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl);
        using var http = host.AuthorizedHttp();

        using var response = await http.PostAsync("fhir/DiagnosticReport/upstream-report/$extract-observations?persist=true", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var answer = await FhirHttp.ReadAsync<Bundle>(response);
        answer.Type.Should().Be(Bundle.BundleType.TransactionResponse);
        upstream.ReceivedTransactions.Should().ContainSingle().Which.Entry.Select(e => e.Resource).OfType<Observation>().Should().HaveCount(4);
        upstream.RequestLog.Should().Contain("GET /fhir/DiagnosticReport/upstream-report");
    }

    [Fact]
    public async Task PostReport_WithoutPresentedForm_Answers400WithCode()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = host.AuthorizedHttp();
        var report = LabReportFixtures.Report();
        report.PresentedForm.Clear();

        using var response = await http.PostAsync("fhir/DiagnosticReport/$extract-observations", FhirHttp.Body(report));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("NO_LAB_REPORT_ATTACHMENT");
    }

    [Fact]
    public async Task PostReport_WithUnsupportedAttachmentType_Answers415()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = host.AuthorizedHttp();
        var report = LabReportFixtures.Report();
        report.PresentedForm[0].ContentType = "application/msword";

        using var response = await http.PostAsync("fhir/DiagnosticReport/$extract-observations", FhirHttp.Body(report));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await FhirHttp.ErrorCodeAsync(response)).Should().StartWith("ATTACHMENT_");
    }
}
