namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>
/// Which sections keep their content first when the token budget is short (lower first). The printed order is the
/// clinical one; this order says what a clinician reading a summary can least do without.
/// </summary>
internal static class SectionPriority
{
    public const int Patient = 0;
    public const int Allergies = 1;
    public const int ActiveProblems = 2;
    public const int Medications = 3;
    public const int Labs = 4;
    public const int Vitals = 5;
    public const int Encounters = 6;
    public const int Reports = 7;
    public const int CarePlans = 8;
    public const int Assessments = 9;
    public const int Procedures = 10;
    public const int Immunizations = 11;
    public const int Notes = 12;
    public const int ResolvedProblems = 13;
}
