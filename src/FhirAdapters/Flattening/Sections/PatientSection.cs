using System.Globalization;
using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>Age at the as-of date and sex; identity data only when <see cref="FlatteningOptions.IncludeIdentity"/> is set.</summary>
internal static class PatientSection
{
    public static RecordSection Build(FlatteningContext context)
    {
        var patient = context.Index.Patient;
        var cite = new[] { context.Cite(patient) };
        var facts = new List<FactLine>();
        var deceased = patient.Deceased switch
        {
            FhirDateTime d => ClinicalDate.Day(d),
            FhirBoolean { Value: true } => string.Empty,
            _ => null,
        };

        var ageAt = deceased is { Length: > 0 } && ClinicalDate.Instant(patient.Deceased) is { } death && death < context.AsOf ? death : context.AsOf;
        var age = Age(patient.BirthDateElement, ageAt);
        var sex = patient.Gender is { } g ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(g) : "sex unknown";
        facts.Add(new FactLine(age is null ? $"Age unknown, {sex}" : $"{age} {sex}", cite));
        if (deceased is not null)
        {
            facts.Add(new FactLine(deceased.Length == 0 ? "Deceased" : $"Deceased {deceased} (age above is at death)", cite));
        }

        if (context.Options.IncludeIdentity)
        {
            facts.AddRange(Identity(patient).Select(text => new FactLine(text, cite)));
        }

        return new RecordSection("Patient", SectionPriority.Patient, facts);
    }

    private static string? Age(Date? birthDate, DateTimeOffset at)
    {
        if (birthDate is null || !birthDate.TryToDateTimeOffset(out var born) || born > at)
        {
            return null;
        }

        var years = at.Year - born.Year - (at.Month < born.Month || (at.Month == born.Month && at.Day < born.Day) ? 1 : 0);
        if (years >= 2)
        {
            return years.ToString(CultureInfo.InvariantCulture) + "-year-old";
        }

        var months = ((at.Year - born.Year) * 12) + at.Month - born.Month - (at.Day < born.Day ? 1 : 0);
        return months > 0
            ? months.ToString(CultureInfo.InvariantCulture) + "-month-old"
            : ((int)(at.Date - born.Date).TotalDays).ToString(CultureInfo.InvariantCulture) + "-day-old";
    }

    private static IEnumerable<string> Identity(Patient patient)
    {
        if (patient.Name.FirstOrDefault() is { } name)
        {
            var text = name.Text ?? string.Join(' ', name.Given.Concat([name.Family]).Where(p => !string.IsNullOrEmpty(p)));
            yield return $"Name: {ClinicalText.Clean(text)}";
        }

        if (!string.IsNullOrEmpty(patient.BirthDate))
        {
            yield return $"Born {patient.BirthDate}";
        }

        foreach (var identifier in patient.Identifier.Where(i => !string.IsNullOrEmpty(i.Value)))
        {
            yield return $"Identifier {ClinicalText.Concept(identifier.Type)}: {identifier.Value}";
        }

        if (patient.Address.FirstOrDefault() is { } address)
        {
            yield return "Address: " + string.Join(", ", address.Line.Concat([address.City, address.State, address.PostalCode, address.Country]).Where(p => !string.IsNullOrEmpty(p)));
        }

        foreach (var telecom in patient.Telecom.Where(t => !string.IsNullOrEmpty(t.Value)))
        {
            yield return $"Contact ({telecom.System}): {telecom.Value}";
        }
    }
}
