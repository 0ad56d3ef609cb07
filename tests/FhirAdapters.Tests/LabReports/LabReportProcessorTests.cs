using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.LabReportHarness;
using FhirMedGemma.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Tests.LabReports;

public sealed class LabReportProcessorTests
{
    private static ServiceProvider Services(IChatClient? client = null, Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
        if (client is not null)
        {
            services.AddSingleton(client);
        }

        services.AddLabReportExtraction();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static DiagnosticReport ReportWith(byte[] pdf) => new()
    {
        Id = "lab-1",
        Status = DiagnosticReport.DiagnosticReportStatus.Final,
        Code = new CodeableConcept { Text = "Lab report" },
        Subject = new ResourceReference("Patient/p1"),
        PresentedForm = [new Attachment { ContentType = "application/pdf", Data = pdf }],
    };

    [Fact]
    public async Task ProcessAsync_DigitalReportWithoutModel_ReturnsTransactionWithCodedObservations()
    {
        var generated = LabReportCorpus.Generate(RepoFixtures.SyntheaDirectory, reportsPerLayout: 1, imageOnlyPerLayout: 0)[0];
        using var services = Services();

        var outcome = await services.GetRequiredService<LabReportProcessor>().ProcessAsync(ReportWith(generated.Pdf), null, CancellationToken.None);

        var bundle = outcome.Transaction;
        bundle.Type.Should().Be(Bundle.BundleType.Transaction);
        var observations = bundle.Entry.Select(e => e.Resource).OfType<Observation>().ToList();
        observations.Should().HaveCount(generated.Truth.Rows.Count);
        observations.Select(o => o.Code.Coding.FirstOrDefault(c => c.System == "http://loinc.org")!.Code)
            .Should().BeEquivalentTo(generated.Truth.Rows.Select(r => r.Loinc));
        observations.Should().OnlyContain(o => o.Subject!.Reference == "Patient/p1");
        bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().Single().Result.Should().HaveCount(observations.Count);
        bundle.Entry.Select(e => e.Resource).OfType<Provenance>().Should().BeEmpty("no model read these rows");
        outcome.Extraction.Method.Should().Be(LabExtractionMethod.ModelFree);
    }

    [Fact]
    public async Task ProcessAsync_WithModel_AddsProvenanceWithPromptHash()
    {
        var lines = "Glucose  95  mg/dL  70-99\nSodium  140  mmol/L  136-145\n"u8.ToArray();
        var client = new ScriptedChatClient((_, _) => """
            [{"test":"Glucose","value":"95","unit":"mg/dL","reference_range":"70-99","flag":null,"specimen":null,"collected":null}]
            """);
        using var services = Services(client);
        var report = ReportWith(lines);
        report.PresentedForm[0].ContentType = "text/plain";

        var outcome = await services.GetRequiredService<LabReportProcessor>().ProcessAsync(report, "Patient/p2", CancellationToken.None);

        var provenance = outcome.Transaction.Entry.Select(e => e.Resource).OfType<Provenance>().Single();
        provenance.Entity.Should().Contain(e => e.What.Identifier != null && e.What.Identifier.Value == outcome.Extraction.PromptSha256);
        provenance.Contained.OfType<Device>().Single().DeviceName[0].Name.Should().Be("scripted-medgemma");
        outcome.Transaction.Entry.Select(e => e.Resource).OfType<Observation>().Should().ContainSingle()
            .Which.Subject!.Reference.Should().Be("Patient/p2");
    }

    [Fact]
    public async Task ProcessAsync_NoSubject_RefusedWithCode()
    {
        using var services = Services();
        var report = ReportWith("Glucose  95  mg/dL\n"u8.ToArray());
        report.Subject = null;

        var act = () => services.GetRequiredService<LabReportProcessor>().ProcessAsync(report, null, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidClinicalInputException>()).Which.ErrorCode.Should().Be(FhirAdapterErrorCodes.LabReportSubjectMissing);
    }

    [Fact]
    public void AddLabReportExtraction_InvalidLimits_FailsValidation()
    {
        using var services = Services(settings: new() { ["Limits:MaxPdfPages"] = "0", ["LabExtraction:RepairAttempts"] = "9" });

        FluentActions.Invoking(() => services.GetRequiredService<IOptions<FhirMedGemma.FhirAdapters.Attachments.AttachmentOptions>>().Value)
            .Should().Throw<OptionsValidationException>();
        FluentActions.Invoking(() => services.GetRequiredService<IOptions<LabExtractionOptions>>().Value)
            .Should().Throw<OptionsValidationException>();
    }

    [Theory]
    [InlineData("ftp://lis.example.org/", false)]
    [InlineData("reports/", false)]
    [InlineData("https://lis.example.org/reports/", true)]
    public void AddLabReportExtraction_AllowedUrlPrefixes_MustBeAbsoluteHttp(string prefix, bool valid)
    {
        using var services = Services(settings: new() { ["Limits:AllowedAttachmentUrlPrefixes:0"] = prefix });

        var read = () => services.GetRequiredService<IOptions<FhirMedGemma.FhirAdapters.Attachments.AttachmentOptions>>().Value;

        if (valid)
        {
            read().AllowedAttachmentUrlPrefixes.Should().Equal(prefix);
        }
        else
        {
            read.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("AllowedAttachmentUrlPrefixes");
        }
    }

    [Fact]
    public async Task ProcessAsync_ScannedDocumentReferenceWithModel_ReadsPageImagesIntoPreliminaryObservations()
    {
        var scan = LabReportCorpus.Generate(RepoFixtures.SyntheaDirectory, reportsPerLayout: 1, imageOnlyPerLayout: 1).First(r => r.Truth.ImageOnly);
        var client = new ScriptedChatClient((_, _) => """
            [{"test":"Hemoglobin","value":"14.1","unit":"g/dL","reference_range":"12.0-17.5","flag":null,"specimen":"Blood","collected":"2015-05-03"}]
            """);
        using var services = Services(client);
        var document = new DocumentReference
        {
            Id = "doc-1",
            Subject = new ResourceReference("Patient/p3"),
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "application/pdf", Data = scan.Pdf } }],
        };

        var outcome = await services.GetRequiredService<LabReportProcessor>().ProcessAsync(document, null, CancellationToken.None);

        client.Calls.Should().ContainSingle().Which.Messages.SelectMany(m => m.Contents).OfType<DataContent>()
            .Should().ContainSingle().Which.MediaType.Should().Be("image/jpeg");
        outcome.Extraction.Rows.Should().ContainSingle().Which.Issues.Should().Be(LabRowIssues.NoTextLayer);
        var observation = outcome.Transaction.Entry.Select(e => e.Resource).OfType<Observation>().Single();
        observation.Status.Should().Be(ObservationStatus.Preliminary, "a model read it and no one verified it");
        observation.Code.Coding.Should().Contain(c => c.Code == "718-7");
        outcome.Transaction.Entry.Select(e => e.Resource).OfType<Provenance>().Should().ContainSingle();
    }
}
