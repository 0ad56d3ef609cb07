namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>The printed qualitative results the mapper codes, keyed by their normalised text.</summary>
internal static class QualitativeResults
{
    private static readonly QualitativeResult Negative = new("260385009", "Negative (qualifier value)", false);
    private static readonly QualitativeResult Positive = new("10828004", "Positive (qualifier value)", true);
    private static readonly QualitativeResult Detected = new("260373001", "Detected (qualifier value)", true);
    private static readonly QualitativeResult NotDetected = new("260415000", "Not detected (qualifier value)", false);
    private static readonly QualitativeResult Trace = new("260405006", "Trace (qualifier value)", true);
    private static readonly QualitativeResult OnePlus = new("260347006", "+ (qualifier value)", true);
    private static readonly QualitativeResult TwoPlus = new("260348001", "++ (qualifier value)", true);
    private static readonly QualitativeResult ThreePlus = new("260349009", "+++ (qualifier value)", true);
    private static readonly QualitativeResult FourPlus = new("260350009", "++++ (qualifier value)", true);
    private static readonly QualitativeResult Reactive = new("11214006", "Reactive (qualifier value)", true);
    private static readonly QualitativeResult NonReactive = new("131194007", "Non-Reactive (qualifier value)", false);
    private static readonly QualitativeResult Present = new("52101004", "Present (qualifier value)", true);
    private static readonly QualitativeResult Absent = new("2667000", "Absent (qualifier value)", false);
    private static readonly QualitativeResult Normal = new("17621005", "Normal (qualifier value)", false);
    private static readonly QualitativeResult Abnormal = new("263654008", "Abnormal (qualifier value)", true);

    private static readonly Dictionary<string, QualitativeResult> ByText = new(StringComparer.Ordinal)
    {
        ["negative"] = Negative,
        ["neg"] = Negative,
        ["positive"] = Positive,
        ["pos"] = Positive,
        ["detected"] = Detected,
        ["not detected"] = NotDetected,
        ["none detected"] = NotDetected,
        ["undetected"] = NotDetected,
        ["trace"] = Trace,
        ["tr"] = Trace,
        ["1+"] = OnePlus,
        ["+"] = OnePlus,
        ["2+"] = TwoPlus,
        ["++"] = TwoPlus,
        ["3+"] = ThreePlus,
        ["+++"] = ThreePlus,
        ["4+"] = FourPlus,
        ["++++"] = FourPlus,
        ["reactive"] = Reactive,
        ["non reactive"] = NonReactive,
        ["nonreactive"] = NonReactive,
        ["present"] = Present,
        ["absent"] = Absent,
        ["normal"] = Normal,
        ["abnormal"] = Abnormal,
    };

    /// <summary>The coded result for a normalised printed text, or null.</summary>
    public static QualitativeResult? Find(string normalizedText) => ByText.GetValueOrDefault(normalizedText);
}
