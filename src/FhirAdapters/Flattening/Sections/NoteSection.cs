using System.Text.RegularExpressions;
using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>
/// The text of clinical notes: text/plain attachments of DocumentReference.content and DiagnosticReport.presentedForm.
/// A note filed twice (Synthea files every note as both) appears once, citing both resources.
/// </summary>
internal static class NoteSection
{
    public static (RecordSection Section, int DuplicatesRemoved) Build(FlatteningContext context)
    {
        var attachments = new List<(string Text, string Title, DatedItem<Resource> Item)>();
        foreach (var document in context.All<DocumentReference>().Where(d => d.Status != DocumentReferenceStatus.EnteredInError))
        {
            context.RequireSubject(document.Subject, document, "subject");
            var item = DatedItem<Resource>.Of(context, document, document.DateElement ?? (DataType?)document.Context?.Period);
            var title = ClinicalText.Concept(document.Type);
            attachments.AddRange(document.Content.Select(c => Text(c.Attachment)).OfType<string>().Select(t => (t, title, item)));
        }

        foreach (var report in context.All<DiagnosticReport>().Where(r => r.PresentedForm.Count > 0
            && r.Status is not (DiagnosticReport.DiagnosticReportStatus.EnteredInError or DiagnosticReport.DiagnosticReportStatus.Cancelled)))
        {
            var item = DatedItem<Resource>.Of(context, report, report.Effective ?? report.IssuedElement);
            var title = ClinicalText.Concept(report.Code);
            attachments.AddRange(report.PresentedForm.Select(Text).OfType<string>().Select(t => (t, title, item)));
        }

        var names = context.Options.IncludeIdentity ? [] : PatientNames(context.Index.Patient);
        var notes = attachments
            .Select(a => (Text: Redact(a.Text, names), a.Title, a.Item))
            .Where(a => a.Item.Instant is null || a.Item.Instant <= context.AsOf)
            .GroupBy(a => a.Text, StringComparer.Ordinal)
            .Select(g =>
            {
                var items = DatedItem<Resource>.NewestFirst(g.Select(a => a.Item)).ToList();
                var first = g.First(a => ReferenceEquals(a.Item, items[0]));
                return (Item: items[0], Fact: new FactLine(
                    $"{items[0].Day ?? "undated"} {first.Title}:\n{Indent(g.Key)}",
                    items.Select(i => i.Citation).Distinct(StringComparer.Ordinal).ToList()));
            })
            .ToList();
        var duplicates = attachments.Count(a => a.Item.Instant is null || a.Item.Instant <= context.AsOf) - notes.Count;

        var kept = notes.OrderByDescending(n => n.Item.Instant ?? DateTimeOffset.MinValue)
            .ThenBy(n => n.Item.Citation, StringComparer.Ordinal)
            .Take(context.Options.MaxNotes)
            .Select(n => n.Fact)
            .ToList();
        return (new RecordSection("Clinical notes", SectionPriority.Notes, kept, notes.Count - kept.Count), duplicates);
    }

    /// <summary>The note's text when the attachment is inline text/plain, normalised so copies compare equal.</summary>
    private static string? Text(Attachment? attachment)
    {
        if (attachment?.Data is not { Length: > 0 } data
            || attachment.ContentType is not { } type
            || !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // Blank lines carry no meaning for the model and cost tokens; line breaks are kept, so nothing is cut.
        var lines = System.Text.Encoding.UTF8.GetString(data)
            .Split('\n')
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 0);
        var text = string.Join('\n', lines);
        return text.Length == 0 ? null : text;
    }

    /// <summary>The patient's name parts, longest first, so that "Anna Maria" is replaced before "Anna".</summary>
    private static List<string> PatientNames(Patient patient) =>
        patient.Name
            .SelectMany(n => n.Given.Append(n.Family).Append(n.Text))
            .Where(part => part is { Length: >= 2 })
            .Select(part => part!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(part => part.Length)
            .ThenBy(part => part, StringComparer.Ordinal)
            .ToList();

    // Data minimisation: notes name the patient ("Milagros256 is a 87 year-old…"); the model needs no name. Whole words
    // and exact case only, so a short name never eats into clinical words ("Al" in "Alcohol").
    private static string Redact(string text, List<string> names) =>
        names.Count == 0
            ? text
            : Regex.Replace(text, $@"(?<![\w-])(?:{string.Join('|', names.Select(Regex.Escape))})(?![\w-])", "[patient]", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static string Indent(string text) => "  " + text.Replace("\n", "\n  ", StringComparison.Ordinal);
}
