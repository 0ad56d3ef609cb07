using FhirMedGemma.FhirAdapters.Flattening;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

/// <summary>Builds a flattener over the character estimate and a fixed clock, with options the test may change.</summary>
internal static class FlattenerFactory
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static BundleFlattener Create(FlatteningOptions? options = null, ITokenCounter? counter = null) =>
        new(Options.Create(options ?? new FlatteningOptions()), counter ?? new CharacterEstimateTokenCounter(), new FakeTimeProvider(Now));
}
