using FhirMedGemma.FhirAdapters.Flattening;
using FhirMedGemma.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

public sealed class BundleFlattenerSyntheaTests
{
    private static readonly string[] ClinicalOrder =
    [
        "Patient", "Active problems", "Resolved problems", "Allergies and intolerances", "Active medications", "Recent encounters",
        "Procedures", "Immunizations", "Laboratory results", "Vital signs", "Questionnaire scores and other observations",
        "Care plans and goals", "Diagnostic report conclusions", "Clinical notes",
    ];

    public static TheoryData<string> Fixtures() => new(RepoFixtures.SyntheaBundles.Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Flatten_SyntheaFixture_EveryFactCitesResourcesOfTheBundle(string fixture)
    {
        var path = Path.Combine(RepoFixtures.SyntheaDirectory, fixture);
        var bundle = FhirJsonDeserializer.RECOVERABLE.Deserialize<Bundle>(File.ReadAllText(path))!;
        var known = bundle.Entry.Select(e => $"{e.Resource!.TypeName}/{e.Resource!.Id}").ToHashSet();

        var record = FlattenerFactory.Create().Flatten(FlatteningRequest.FromUtf8(File.ReadAllBytes(path)));

        var facts = record.FactLines();
        facts.Should().NotBeEmpty();
        for (var i = 0; i < facts.Count; i++)
        {
            facts[i].Should().MatchRegex($@"\[{i + 1}\]:?$", "keys are numbered in reading order at the end of each fact line");
        }

        record.Citations.Keys.Should().Equal(Enumerable.Range(1, facts.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        record.Citations.Values.SelectMany(v => v).Should().OnlyContain(reference => known.Contains(reference));
        record.PatientReference.Should().StartWith("Patient/");
        record.ResourcesRead.Should().Be(bundle.Entry.Count);
        record.SkippedResourceTypes.Should().ContainKey("Claim");
        record.Headings().Should().BeSubsetOf(ClinicalOrder);
        record.Headings().Select(h => Array.IndexOf(ClinicalOrder, h)).Should().BeInAscendingOrder("sections follow the clinical order");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Flatten_SyntheaFixture_LeavesOutIdentityData(string fixture)
    {
        var path = Path.Combine(RepoFixtures.SyntheaDirectory, fixture);
        var patient = FhirJsonDeserializer.RECOVERABLE.Deserialize<Bundle>(File.ReadAllText(path)).Entry.Select(e => e.Resource).OfType<Patient>().Single();

        var record = FlattenerFactory.Create().Flatten(FlatteningRequest.FromUtf8(File.ReadAllBytes(path)));

        var identity = patient.Identifier.Select(i => i.Value)
            .Concat(patient.Address.SelectMany(a => a.Line))
            .Concat(patient.Telecom.Select(t => t.Value))
            .Where(v => !string.IsNullOrEmpty(v));
        foreach (var value in identity)
        {
            record.Text.Should().NotContain(value);
        }

        foreach (var name in patient.Name.SelectMany(n => n.Given.Append(n.Family)))
        {
            record.Text.Should().NotContain(name, "names are left out of every section, clinical notes included");
        }

        string.Join('\n', record.Section("Patient")).Should().NotContain(patient.BirthDate);
    }

    [Fact]
    public void Flatten_SyntheaNotesFiledAsReportAndDocument_AppearOnceCitingBoth()
    {
        var record = FlattenerFactory.Create().Flatten(FlatteningRequest.FromUtf8(File.ReadAllBytes(RepoFixtures.SyntheaBundle("Milagros256"))));

        record.DuplicateNotesRemoved.Should().BePositive();
        var noteKeys = record.Section("Clinical notes").Where(l => l.StartsWith("- 2", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf('[') + 1)..l.LastIndexOf(']')]).ToList();
        noteKeys.Should().HaveCount(new FlatteningOptions().MaxNotes);
        noteKeys.Should().OnlyContain(key =>
            record.Citations[key].Any(r => r.StartsWith("DiagnosticReport/", StringComparison.Ordinal))
            && record.Citations[key].Any(r => r.StartsWith("DocumentReference/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Flatten_PerRequestOptions_OverrideTheConfiguredOnes()
    {
        var bytes = File.ReadAllBytes(RepoFixtures.SyntheaBundle("Milagros256"));
        var flattener = FlattenerFactory.Create();

        var record = flattener.Flatten(FlatteningRequest.FromUtf8(bytes) with { Options = new FlatteningOptions { MaxNotes = 0, MaxRecentEncounters = 1 } });

        record.Section("Clinical notes").Should().ContainSingle().Which.Should().MatchRegex(@"^- \(\d+ older items omitted\)$");
        record.Section("Recent encounters").Should().HaveCount(2);
    }

    [Fact]
    public void Flatten_EntriesInAnotherOrder_GivesTheSameTextAndCitations()
    {
        var json = File.ReadAllText(RepoFixtures.SyntheaBundle("Wendell"));
        var original = FhirJsonDeserializer.RECOVERABLE.Deserialize<Bundle>(json);
        var reversed = FhirJsonDeserializer.RECOVERABLE.Deserialize<Bundle>(json);
        reversed.Entry.Reverse();
        var flattener = FlattenerFactory.Create();

        var first = flattener.Flatten(FlatteningRequest.FromBundle(original));
        var second = flattener.Flatten(FlatteningRequest.FromBundle(reversed));

        second.Text.Should().Be(first.Text);
        second.Citations.Should().BeEquivalentTo(first.Citations, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Flatten_LargestFixture_AllocatesAtMostTwiceWhatParsingAlone()
    {
        var largest = RepoFixtures.SyntheaBundles.MaxBy(p => new FileInfo(p).Length)!;
        var bytes = File.ReadAllBytes(largest);
        var flattener = FlattenerFactory.Create();
        flattener.Flatten(FlatteningRequest.FromUtf8(bytes));
        ParseOnly(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ParseOnly(bytes);
        var parse = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        flattener.Flatten(FlatteningRequest.FromUtf8(bytes));
        var flatten = GC.GetAllocatedBytesForCurrentThread() - before;

        flatten.Should().BeLessThan(2 * parse, "flattening adds sections proportional to the parsed bundle, not a second copy of it");
    }

    private static void ParseOnly(byte[] bytes)
    {
        var reader = new System.Text.Json.Utf8JsonReader(bytes);
        FhirJsonDeserializer.RECOVERABLE.DeserializeResource(ref reader).Should().BeOfType<Bundle>();
    }
}
