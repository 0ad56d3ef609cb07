using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// Maps one extracted lab row to a US Core Laboratory Result Observation: status, category laboratory, LOINC code
/// (printed name kept as code.text), subject, effective, issued, value[x] or dataAbsentReason, reference range,
/// interpretation, specimen, derivedFrom, the source span (extension <see cref="LabFhirSystems.SourceSpanExtension"/>)
/// and, for model output, the AI-Transparency security label.
/// </summary>
/// <remarks>
/// Never throws for odd row content: what cannot be carried over is reported in <see cref="LabMappingResult.Warnings"/>.
/// Thread-safe. Warnings and exceptions never quote row content.
/// </remarks>
public sealed class ObservationMapper
{
    private readonly LoincCatalog _catalog;
    private readonly UcumUnitNormalizer _units;
    private readonly TimeZoneInfo _reportZone;

    /// <summary>Creates the mapper.</summary>
    public ObservationMapper(LoincCatalog catalog, UcumUnitNormalizer units, IOptions<LabMappingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _units = units ?? throw new ArgumentNullException(nameof(units));
        _reportZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.ReportTimeZone);
    }

    /// <summary>Maps one row.</summary>
    /// <exception cref="ArgumentNullException">A row or context is missing.</exception>
    /// <exception cref="ArgumentException">The context's subject is not a FHIR reference.</exception>
    public LabMappingResult Map(ExtractedLabRow row, LabMappingContext context)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(context.SubjectReference))
        {
            throw new ArgumentException("The mapping context needs a subject reference.", nameof(context));
        }

        var warnings = new List<LabMappingWarning>();
        var value = LabValueParser.Parse(row.ValueText);
        var unitText = row.UnitText;
        string? flagText = row.FlagText;
        SplitTrailingText(value, ref unitText, ref flagText);
        var unit = _units.Normalize(unitText);

        var hints = new LoincLookupHints(row.Specimen, unit.UcumCode, value.Kind switch
        {
            LabValueKind.Quantity => true,
            LabValueKind.Qualitative or LabValueKind.Text => false,
            _ => null,
        });
        _catalog.TryFind(row.TestName, hints, out var test);

        var observation = new Observation
        {
            Meta = new Meta { Profile = [LabFhirSystems.UsCoreLabProfile] },
            Status = context.Model is not null && !context.HumanVerified ? ObservationStatus.Preliminary : ObservationStatus.Final,
            Category = [new CodeableConcept(LabFhirSystems.ObservationCategory, "laboratory", "Laboratory")],
            Code = BuildCode(row.TestName, test, warnings),
            Subject = new ResourceReference(context.SubjectReference),
            Issued = context.Issued,
        };

        observation.Effective = BuildEffective(row, context, warnings);
        var range = ReferenceRangeParser.Parse(row.ReferenceRangeText);
        ObservationValueWriter.WriteValue(observation, value, unit, warnings);
        ObservationValueWriter.WriteReferenceRange(observation, range, unit, warnings);
        WriteInterpretation(observation, flagText, value, range, warnings);
        WriteProvenanceLinks(observation, row, context);
        return new LabMappingResult(row, observation, test, warnings);
    }

    /// <summary>Maps many rows with one context, in order.</summary>
    public IReadOnlyList<LabMappingResult> MapAll(IEnumerable<ExtractedLabRow> rows, LabMappingContext context)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(r => Map(r, context)).ToList();
    }

    // Extractors often leave the unit or the flag in the value cell ("140 mmol/L", "7.9 H"): recover them. A trailing
    // H, L or A is read as a flag, never as henry, litre or ampere; a printed flag column still wins over it.
    private void SplitTrailingText(ParsedLabValue value, ref string? unitText, ref string? flagText)
    {
        if (value.TrailingText is not { } trailing)
        {
            return;
        }

        var parts = trailing.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (InterpretationResolver.IsKnownFlag(parts[^1]))
        {
            if (string.IsNullOrWhiteSpace(flagText))
            {
                flagText = parts[^1];
            }

            trailing = string.Join(' ', parts[..^1]);
        }

        if (string.IsNullOrWhiteSpace(unitText) && trailing.Length > 0 && _units.Normalize(trailing).UcumCode is not null)
        {
            unitText = trailing;
        }
    }

    private static CodeableConcept BuildCode(string printedName, LoincTest? test, List<LabMappingWarning> warnings)
    {
        // FHIR forbids empty strings: a blank printed name leaves code.text out rather than writing "".
        var code = new CodeableConcept { Text = string.IsNullOrWhiteSpace(printedName) ? null : printedName.Trim() };
        if (test is null)
        {
            warnings.Add(new(LabMappingWarningCode.UnmappedTestName, "The test name is not in the LOINC catalog; only code.text is set."));
        }
        else
        {
            code.Coding.Add(new Coding(LabFhirSystems.Loinc, test.Code, test.Display));
        }

        return code;
    }

    private FhirDateTime? BuildEffective(ExtractedLabRow row, LabMappingContext context, List<LabMappingWarning> warnings)
    {
        if (!string.IsNullOrWhiteSpace(row.CollectedText))
        {
            if (LabDateParser.Parse(row.CollectedText, _reportZone) is { } collected)
            {
                return collected;
            }

            warnings.Add(new(LabMappingWarningCode.CollectedDateNotParsed, "The collection date could not be read."));
        }

        if (context.Effective is { } effective)
        {
            return new FhirDateTime(effective);
        }

        warnings.Add(new(LabMappingWarningCode.EffectiveDateMissing, "No collection date in the row or the context."));
        return null;
    }

    private static void WriteInterpretation(
        Observation observation, string? flagText, ParsedLabValue value, ParsedReferenceRange? range, List<LabMappingWarning> warnings)
    {
        if (!string.IsNullOrWhiteSpace(flagText) && !InterpretationResolver.IsKnownFlag(flagText))
        {
            warnings.Add(new(LabMappingWarningCode.UnknownFlag, "The printed flag is not a known abnormal flag."));
        }

        if (InterpretationResolver.Resolve(flagText, value, range) is { } interpretation)
        {
            observation.Interpretation.Add(new CodeableConcept(LabFhirSystems.ObservationInterpretation, interpretation.Code, interpretation.Display));
        }
    }

    private static void WriteProvenanceLinks(Observation observation, ExtractedLabRow row, LabMappingContext context)
    {
        if (!string.IsNullOrWhiteSpace(row.Specimen))
        {
            observation.Specimen = new ResourceReference { Display = row.Specimen.Trim() };
        }

        if (context.SourceReference is { } source && source.StartsWith("DocumentReference/", StringComparison.Ordinal))
        {
            observation.DerivedFrom.Add(new ResourceReference(source));
        }

        if (row.Source is { } span)
        {
            observation.Extension.Add(new Extension
            {
                Url = LabFhirSystems.SourceSpanExtension,
                Extension =
                [
                    new Extension("page", new Integer(span.Page)),
                    new Extension("line", new FhirString(span.LineText)),
                ],
            });
        }

        if (context.Model is not null)
        {
            observation.Meta!.Security.Add(new Coding(LabFhirSystems.SecurityObservationValue, LabFhirSystems.AiAssertedCode, "Artificial Intelligence asserted"));
        }
    }
}
