using FhirMedGemma.FhirAdapters.Flattening;
using FhirMedGemma.Testing;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

public sealed class BundleFlattenerBudgetTests
{
    private static readonly byte[] Largest = File.ReadAllBytes(RepoFixtures.SyntheaBundles.MaxBy(p => new FileInfo(p).Length)!);

    [Theory]
    [InlineData(300)]
    [InlineData(1000)]
    [InlineData(2500)]
    public void Flatten_WithBudget_StaysWithinItAndKeepsWholeLinesOfTheFullRecord(int budget)
    {
        var flattener = FlattenerFactory.Create();
        var full = flattener.Flatten(FlatteningRequest.FromUtf8(Largest));
        var fullLines = full.Text.Split('\n').Select(FlatteningAssertions.WithoutKeys).ToHashSet();

        var budgeted = flattener.Flatten(FlatteningRequest.FromUtf8(Largest) with { TokenBudget = budget });

        full.TokenCount.Should().BeGreaterThan(budget, "the test needs a record larger than the budget");
        budgeted.TokenCount.Should().BeLessThanOrEqualTo(budget).And.Be(new CharacterEstimateTokenCounter().CountTokens(budgeted.Text));
        budgeted.LinesOmittedByBudget.Should().BePositive();
        budgeted.Text.Should().Contain("older items omitted)");
        budgeted.Text.Split('\n')
            .Where(l => !l.EndsWith("older items omitted)", StringComparison.Ordinal) && !l.StartsWith("Patient record as of", StringComparison.Ordinal))
            .Select(FlatteningAssertions.WithoutKeys)
            .Should().OnlyContain(l => fullLines.Contains(l), "a fact is kept or left out whole, never cut");
        budgeted.Section("Patient").Should().Equal(full.Section("Patient").Select(FlatteningAssertions.WithoutKeys).Select((l, i) => $"{l} [{i + 1}]"));
    }

    [Fact]
    public void Flatten_ShortBudget_KeepsHigherPrioritySectionsAndNewestItemsFirst()
    {
        var flattener = FlattenerFactory.Create();
        var full = flattener.Flatten(FlatteningRequest.FromUtf8(Largest));

        var budgeted = flattener.Flatten(FlatteningRequest.FromUtf8(Largest) with { TokenBudget = 900 });

        budgeted.Headings().Should().Contain(["Patient", "Allergies and intolerances", "Active problems", "Active medications"]);
        budgeted.Headings().Should().NotContain("Clinical notes").And.NotContain("Resolved problems");
        var keptLabs = budgeted.Section("Laboratory results").Where(l => !l.EndsWith("omitted)", StringComparison.Ordinal)).Select(FlatteningAssertions.WithoutKeys);
        keptLabs.Should().Equal(full.Section("Laboratory results").Select(FlatteningAssertions.WithoutKeys).Take(keptLabs.Count()), "a section keeps its newest items");
    }

    [Fact]
    public void Flatten_OmittedItems_AreAnnouncedWithTheirCount()
    {
        var flattener = FlattenerFactory.Create(new FlatteningOptions { MaxRecentEncounters = 3 });

        var record = flattener.Flatten(FlatteningRequest.FromUtf8(Largest));

        var encounters = record.Section("Recent encounters");
        encounters.Should().HaveCount(4);
        encounters[^1].Should().MatchRegex(@"^- \(\d+ older items omitted\)$");
        record.LinesOmittedByBudget.Should().Be(0, "a configured limit is not the budget");
    }

    [Fact]
    public void Flatten_DefaultBudgetFromOptions_AppliesWhenTheRequestNamesNone()
    {
        var flattener = FlattenerFactory.Create(new FlatteningOptions { DefaultTokenBudget = 400 });

        var record = flattener.Flatten(FlatteningRequest.FromUtf8(Largest));

        record.TokenCount.Should().BeLessThanOrEqualTo(400);
    }

    [Fact]
    public void Flatten_CounterThatCostsMoreForWholeTextThanLines_StillFitsTheBudget()
    {
        var flattener = FlattenerFactory.Create(counter: new PessimisticWholeTextCounter());

        var record = flattener.Flatten(FlatteningRequest.FromUtf8(Largest) with { TokenBudget = 1200 });

        record.TokenCount.Should().BeLessThanOrEqualTo(1200);
        record.Section("Patient").Should().NotBeEmpty();
    }

    [Fact]
    public void Flatten_NonPositiveBudget_ThrowsArgumentOutOfRange()
    {
        var act = () => FlattenerFactory.Create().Flatten(FlatteningRequest.FromUtf8(Largest) with { TokenBudget = 0 });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    /// <summary>Counts whole texts 20 % dearer than the sum of their lines, as merging tokenizers can.</summary>
    private sealed class PessimisticWholeTextCounter : ITokenCounter
    {
        public int CountTokens(string text) =>
            text.Count(c => c == '\n') > 2 ? (int)(text.Length / 3.0 * 1.2) : (int)Math.Ceiling(text.Length / 3.0);
    }
}
