using FhirMedGemma.FhirAdapters.Flattening;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

public sealed class FlatteningServiceCollectionExtensionsTests
{
    [Fact]
    public void AddFhirFlattening_Defaults_ResolveFlattenerWithCharacterEstimateAndBoundOptions()
    {
        using var provider = Build(new() { ["Flattening:MaxRecentEncounters"] = "4", ["Flattening:IncludeIdentity"] = "true" });

        provider.GetRequiredService<BundleFlattener>().Should().BeSameAs(provider.GetRequiredService<BundleFlattener>());
        provider.GetRequiredService<ITokenCounter>().Should().BeOfType<CharacterEstimateTokenCounter>();
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
        var options = provider.GetRequiredService<IOptions<FlatteningOptions>>().Value;
        options.MaxRecentEncounters.Should().Be(4);
        options.IncludeIdentity.Should().BeTrue();
    }

    [Fact]
    public void AddFhirFlattening_TokenCounterRegisteredBefore_IsKept()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<ITokenCounter, FixedCounter>();

        using var provider = services.AddFhirFlattening().BuildServiceProvider();

        provider.GetRequiredService<ITokenCounter>().Should().BeOfType<FixedCounter>();
    }

    [Theory]
    [InlineData("Flattening:TrendLength", "0")]
    [InlineData("Flattening:MaxRecentEncounters", "-1")]
    [InlineData("Flattening:DefaultTokenBudget", "-5")]
    public void AddFhirFlattening_InvalidConfiguration_FailsValidationNamingTheOption(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        var act = () => provider.GetRequiredService<IOptions<FlatteningOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage($"*{key.Split(':')[1]}*");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddFhirFlattening()
            .BuildServiceProvider();

    private sealed class FixedCounter : ITokenCounter
    {
        public int CountTokens(string text) => 1;
    }
}
