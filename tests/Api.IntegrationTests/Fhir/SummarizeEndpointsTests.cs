using System.Net;
using System.Text;
using FhirMedGemma.Api.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.IntegrationTests.Fhir;

/// <summary>$summarize over REST against the real host on loopback ports.</summary>
public sealed class SummarizeEndpointsTests
{
    [Fact]
    public async Task PostBundle_WithoutModel_ReturnsLabelledNonAiSummaryAndPreliminaryDocumentReference()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = host.AuthorizedHttp();
        var bundle = SyntheaFixtures.Bundle(SyntheaFixtures.Small);

        using var response = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await FhirHttp.ReadAsync<Parameters>(response);
        var summary = result.Value<FhirString>("summary").Value;
        summary.Should().StartWith("NON-AI STRUCTURED SUMMARY");
        result.Value<FhirBoolean>("modelFree").Value.Should().BeTrue();
        result.Value<Integer>("removedCitations").Value.Should().Be(0, "the model-free summary is the flattener's own text");
        var document = result.Part<DocumentReference>("documentReference");
        document.Status.Should().Be(DocumentReferenceStatus.Current);
        document.DocStatus.Should().Be(CompositionStatus.Preliminary);
        (document.Meta?.Security ?? []).Should().BeEmpty("no AI wrote the model-free summary");
        Encoding.UTF8.GetString(document.Content.Single().Attachment.Data!).Should().Be(summary);
        var bundleReferences = bundle.Entry.Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}").ToHashSet();
        document.Context!.Related.Should().NotBeEmpty().And.OnlyContain(r => bundleReferences.Contains(r.Reference!));
        var provenance = result.Part<Provenance>("provenance");
        provenance.Target.Single().Reference.Should().Be($"DocumentReference/{document.Id}");
    }

    [Fact]
    public async Task PostBundle_WithModelCitingUnknownKeys_RemovesAndCountsThem()
    {
        var model = ScriptedChatClient.Replying("Hypertension is active [1]. ", "Creatinine is stable [99999, 1]. ", "Invented fact [abc].");
        await using var host = await ServiceHost.StartAsync(model);
        using var http = host.AuthorizedHttp();

        using var response = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await FhirHttp.ReadAsync<Parameters>(response);
        result.Value<Integer>("removedCitations").Value.Should().Be(2);
        var summary = result.Value<FhirString>("summary").Value;
        summary.Should().Be("Hypertension is active [1]. Creatinine is stable [1]. Invented fact.");
        var document = result.Part<DocumentReference>("documentReference");
        document.Meta!.Security.Should().ContainSingle(c => c.Code == "AIAST");
        document.Context!.Related.Should().NotBeEmpty();
        model.Requests.Single().Last().Text.Should().Contain("<record>").And.Contain("[1]");
    }

    [Fact]
    public async Task PostXmlBundle_AcceptXml_AnswersInXml()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = host.AuthorizedHttp();
        var xml = Hl7.Fhir.Serialization.XmlSerializationExtensions.SerializeToString(new Hl7.Fhir.Serialization.BaseFhirXmlSerializer(ModelInfo.ModelInspector), SyntheaFixtures.Bundle(SyntheaFixtures.Small));

        using var response = await http.SendAsync(FhirHttp.Request(HttpMethod.Post, "fhir/Patient/$summarize", FhirHttp.Body(xml, FhirHttp.Xml), FhirHttp.Xml));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(FhirHttp.Xml);
        (await FhirHttp.ReadAsync<Parameters>(response)).Value<FhirString>("summary").Value.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task PostParameters_WithBundlePart_Summarizes()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = host.AuthorizedHttp();
        var parameters = new Parameters();
        parameters.Add("bundle", SyntheaFixtures.Bundle(SyntheaFixtures.Small));

        using var response = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(parameters));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GetById_FetchesEverythingFromUpstreamFollowingPages()
    {
        await using var upstream = await LoopbackFhirServer.StartAsync(SyntheaFixtures.Paged);
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl);
        using var http = host.AuthorizedHttp();
        var entries = SyntheaFixtures.Bundle(SyntheaFixtures.Paged).Entry.Count;

        using var response = await http.GetAsync($"fhir/Patient/{SyntheaFixtures.PatientId(SyntheaFixtures.Paged)}/$summarize");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        upstream.RequestLog.Count(r => r.Contains("$everything", StringComparison.Ordinal))
            .Should().Be((entries + LoopbackFhirServer.PageSize - 1) / LoopbackFhirServer.PageSize).And.BeGreaterThan(1);
        var document = (await FhirHttp.ReadAsync<Parameters>(response)).Part<DocumentReference>("documentReference");
        document.Subject!.Reference.Should().Be($"Patient/{SyntheaFixtures.PatientId(SyntheaFixtures.Paged)}");
    }

    [Fact]
    public async Task GetById_UnknownPatient_Answers404()
    {
        await using var upstream = await LoopbackFhirServer.StartAsync(SyntheaFixtures.Small);
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl);
        using var http = host.AuthorizedHttp();

        using var response = await http.GetAsync("fhir/Patient/no-such-patient/$summarize");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("RESOURCE_NOT_FOUND");
    }

    [Fact]
    public async Task GetById_UpstreamFailingWith503_RetriesThenSucceeds()
    {
        await using var upstream = await LoopbackFhirServer.StartAsync(SyntheaFixtures.Small);
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl);
        using var http = host.AuthorizedHttp();
        upstream.FailNext(1, HttpStatusCode.ServiceUnavailable);

        using var response = await http.GetAsync($"fhir/Patient/{SyntheaFixtures.PatientId(SyntheaFixtures.Small)}/$summarize");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        upstream.RequestLog.Count.Should().BeGreaterThan(1);
    }

    [Fact]
    public async Task PostBundle_PersistTrue_WritesDocumentReferenceAndProvenanceUpstream()
    {
        await using var upstream = await LoopbackFhirServer.StartAsync();
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl);
        using var http = host.AuthorizedHttp();

        using var response = await http.PostAsync("fhir/Patient/$summarize?persist=true", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var transaction = upstream.ReceivedTransactions.Should().ContainSingle().Subject;
        transaction.Type.Should().Be(Bundle.BundleType.Transaction);
        transaction.Entry.Select(e => e.Resource!.TypeName).Should().Equal("DocumentReference", "Provenance");
        ((Provenance)transaction.Entry[1].Resource!).Target.Single().Reference.Should().Be(transaction.Entry[0].FullUrl);
        (await FhirHttp.ReadAsync<Parameters>(response)).Value<ResourceReference>("persistedDocumentReference").Reference
            .Should().Be("DocumentReference/stored-1");
    }

    [Fact]
    public async Task RespondAsync_Answers202ThenTheResultAtContentLocation()
    {
        await using var host = await ServiceHost.StartAsync();
        using var http = host.AuthorizedHttp();
        using var request = FhirHttp.Request(HttpMethod.Post, "fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));
        request.Headers.Add("Prefer", "respond-async");

        using var accepted = await http.SendAsync(request);

        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var location = accepted.Content.Headers.ContentLocation ?? new Uri(accepted.Headers.GetValues("Content-Location").Single());
        HttpResponseMessage poll;
        var attempts = 0;
        do
        {
            await Task.Delay(50);
            poll = await http.GetAsync(location);
        }
        while (poll.StatusCode == HttpStatusCode.Accepted && ++attempts < 400);

        poll.StatusCode.Should().Be(HttpStatusCode.OK);
        (await FhirHttp.ReadAsync<Parameters>(poll)).Value<FhirString>("summary").Value.Should().StartWith("NON-AI");
        poll.Dispose();
    }

    [Fact]
    public async Task RespondAsync_Delete_CancelsTheGenerationAndForgetsTheJob()
    {
        var model = ScriptedChatClient.GeneratingUntilCancelled();
        await using var host = await ServiceHost.StartAsync(model);
        using var http = host.AuthorizedHttp();
        using var request = FhirHttp.Request(HttpMethod.Post, "fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));
        request.Headers.Add("Prefer", "respond-async");
        using var accepted = await http.SendAsync(request);
        var location = accepted.Content.Headers.ContentLocation ?? new Uri(accepted.Headers.GetValues("Content-Location").Single());
        await model.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var deleted = await http.DeleteAsync(location);

        deleted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        await WaitUntil(() => model.SawCancellation);
        using var gone = await http.GetAsync(location);
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await FhirHttp.ErrorCodeAsync(gone)).Should().Be("JOB_NOT_FOUND");
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        condition().Should().BeTrue();
    }
}
