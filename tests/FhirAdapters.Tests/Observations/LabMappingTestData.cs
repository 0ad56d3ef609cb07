using FhirMedGemma.FhirAdapters.Observations;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

internal static class LabMappingTestData
{
    public static readonly DateTimeOffset Collected = new(2024, 3, 5, 8, 30, 0, TimeSpan.Zero);

    public static ObservationMapper Mapper(LabMappingOptions? options = null) =>
        new(LoincCatalog.Default, UcumUnitNormalizer.Default, Options.Create(options ?? new LabMappingOptions()));

    public static LabMappingContext Context(LabModelInfo? model = null, string? source = "DiagnosticReport/dr-1") => new()
    {
        SubjectReference = "Patient/p-1",
        SourceReference = source,
        Effective = Collected,
        Issued = Collected.AddHours(6),
        Model = model,
    };
}
