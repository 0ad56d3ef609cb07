namespace FhirMedGemma.Api.Auth;

/// <summary>SMART backend-services scopes the operations require; also the authorization policy names.</summary>
public static class SmartScopes
{
    public const string PatientRead = "system/Patient.read";
    public const string DiagnosticReportRead = "system/DiagnosticReport.read";
    public const string ObservationWrite = "system/Observation.write";

    /// <summary>
    /// True when <paramref name="granted"/> (space-separated) covers <paramref name="required"/>, including the SMART
    /// wildcards <c>system/*.read</c>, <c>system/Patient.*</c> and <c>system/*.*</c>.
    /// </summary>
    public static bool Covers(string granted, string required)
    {
        var (type, access) = Split(required);
        foreach (var scope in granted.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!scope.StartsWith("system/", StringComparison.Ordinal))
            {
                continue;
            }

            var (grantedType, grantedAccess) = Split(scope);
            if ((grantedType == type || grantedType == "*") && (grantedAccess == access || grantedAccess == "*"))
            {
                return true;
            }
        }

        return false;
    }

    private static (string Type, string Access) Split(string scope)
    {
        var body = scope.AsSpan("system/".Length);
        var dot = body.LastIndexOf('.');
        return dot < 0 ? (body.ToString(), string.Empty) : (body[..dot].ToString(), body[(dot + 1)..].ToString());
    }
}
