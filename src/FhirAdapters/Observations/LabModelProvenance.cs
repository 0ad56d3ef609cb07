using System.Security.Cryptography;
using System.Text;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>What the Provenance of model-extracted results records: the model and the SHA-256 of the prompt(s) it was given.</summary>
/// <param name="Model">The model (becomes a Device with name and version).</param>
/// <param name="PromptSha256">Lower-case hex SHA-256 of the prompt; the prompt itself (patient data) is never stored.</param>
public sealed record LabModelProvenance(LabModelInfo Model, string PromptSha256)
{
    /// <summary>
    /// Hashes the prompts sent for one report (one per page or chunk, in order). Each prompt's UTF-8 bytes are
    /// followed by a 0x1E record separator, so ["ab","c"] and ["a","bc"] hash differently.
    /// </summary>
    public static LabModelProvenance FromPrompts(LabModelInfo model, IEnumerable<string> prompts)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var prompt in prompts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(prompt ?? string.Empty));
            hash.AppendData([0x1E]);
        }

        return new LabModelProvenance(model, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
