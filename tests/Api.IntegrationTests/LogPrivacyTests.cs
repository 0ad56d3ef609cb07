using System.Net;
using System.Text.RegularExpressions;
using FhirMedGemma.Api.IntegrationTests.Infrastructure;
using FhirMedGemma.Grpc.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FhirMedGemma.Api.IntegrationTests;

/// <summary>
/// Drives real requests with Synthea records through both surfaces (successes and failures, with a model that echoes
/// record content back) and then reads every captured log record: none may contain the patient's names, identifiers,
/// birth date, address, phone or measured values, and none may be an unexpected error.
/// </summary>
public sealed class LogPrivacyTests
{
    private static readonly string[] Fixtures = [SyntheaFixtures.Small, SyntheaFixtures.Paged];

    [Fact]
    public async Task RealRequestsOnBothSurfaces_LogNoPatientDataAndNoErrors()
    {
        // A model that repeats the record back: its output is patient data by construction.
        var echo = new ScriptedChatClient((messages, ct) => Echo(messages[^1].Text, ct));
        await using var upstream = await LoopbackFhirServer.StartAsync(Fixtures);
        upstream.Add(LabReportFixtures.Report("logged-report"));
        await using var host = await ServiceHost.StartAsync(echo, upstream.BaseUrl);
        using var http = host.AuthorizedHttp();
        var grpc = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);
        var labs = new FhirMedGemma.Grpc.V1.LabReports.LabReportsClient(host.GrpcChannel);

        foreach (var fixture in Fixtures)
        {
            var json = SyntheaFixtures.Json(fixture);
            (await http.PostAsync("fhir/Patient/$summarize?persist=true", FhirHttp.Body(json))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await http.GetAsync($"fhir/Patient/{SyntheaFixtures.PatientId(fixture)}/$summarize")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await grpc.SummarizeAsync(new SummarizeRequest { BundleJson = json }, ServiceHost.Bearer())).Summary.Should().NotBeEmpty();
            using (var stream = grpc.StreamSummarize(new SummarizeRequest { PatientId = SyntheaFixtures.PatientId(fixture) }, ServiceHost.Bearer()))
            {
                await foreach (var _ in stream.ResponseStream.ReadAllAsync())
                {
                }
            }

            // Failures that carry patient data in the input: truncated JSON, a birth date that is a name, a wrong type.
            (await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(json[..(json.Length / 2)]))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var family = SyntheaFixtures.SensitiveStrings(fixture)[1];
            var badDate = json.Replace("\"birthDate\": \"", $"\"birthDate\": \"{family}", StringComparison.Ordinal)
                .Replace("\"birthDate\":\"", $"\"birthDate\":\"{family}", StringComparison.Ordinal);
            await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(badDate));
            var wrongType = await FluentActions.Awaiting(async () => await grpc.SummarizeAsync(
                new SummarizeRequest { BundleJson = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}" }, ServiceHost.Bearer()))
                .Should().ThrowAsync<RpcException>();
            wrongType.Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        }

        (await http.PostAsync("fhir/DiagnosticReport/logged-report/$extract-observations?persist=true", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await labs.ExtractObservationsAsync(new ExtractObservationsRequest
        {
            Document = new Document { Content = ByteString.CopyFrom(LabReportFixtures.Bytes), ContentType = "text/plain" },
            PatientReference = "Patient/privacy-1",
        }, ServiceHost.Bearer())).Rows.Should().NotBeEmpty();

        var records = host.Logs.GetSnapshot();
        records.Should().NotBeEmpty();
        records.Should().NotContain(r => r.Level >= LogLevel.Error, "no request above should have hit an unexpected error");
        var sensitive = Fixtures.SelectMany(SyntheaFixtures.SensitiveStrings).Concat(["Hemoglobin A1c", "7.9", "privacy-1"]).ToList();
        sensitive.Should().HaveCountGreaterThan(20);
        foreach (var record in records)
        {
            var text = Flatten(record);
            foreach (var value in sensitive)
            {
                Mentions(text, value).Should().BeFalse($"log event {record.Id} ({record.Category}) must not carry patient data ('{value}' in: {text})");
            }
        }
    }

    /// <summary>Text values match anywhere; a measured value like 7.9 only as a whole number, not inside a timing like 27.95 ms.</summary>
    private static bool Mentions(string text, string value) => value.All(c => char.IsDigit(c) || c == '.')
        ? Regex.IsMatch(text, $@"(?<![\d.]){Regex.Escape(value)}(?![\d])")
        : text.Contains(value, StringComparison.Ordinal);

    private static string Flatten(FakeLogRecord record) => string.Join('\n',
        [record.Message, record.Exception?.ToString() ?? string.Empty,
         .. (record.StructuredState ?? []).Select(kv => $"{kv.Key}={kv.Value}")]);

    private static async IAsyncEnumerable<ChatResponseUpdate> Echo(string prompt, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var line in prompt.Split('\n').Take(40))
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, line + "\n");
        }
    }
}
