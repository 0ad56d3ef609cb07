using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace FhirMedGemma.LabReportHarness;

/// <summary>Writes composed pages as a digital PDF (text layer, Helvetica) or as an image-only PDF (one JPEG per page).</summary>
internal static class PdfReportRenderer
{
    public static byte[] RenderDigital(IReadOnlyList<ComposedPage> pages)
    {
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        foreach (var page in pages)
        {
            var pdfPage = builder.AddPage(LabReportComposer.PageWidth, LabReportComposer.PageHeight);
            foreach (var text in page.Texts)
            {
                pdfPage.AddText(text.Text, text.Size, new PdfPoint(text.X, LabReportComposer.PageHeight - text.Top - text.Size), text.Bold ? bold : regular);
            }
        }

        return builder.Build();
    }

    /// <summary>A scan-like PDF: each page is a JPEG of the rendered page and there is no text layer.</summary>
    public static byte[] RenderImageOnly(IReadOnlyList<ComposedPage> pages, int dpi = 110)
    {
        using var builder = new PdfDocumentBuilder();
        foreach (var page in pages)
        {
            var jpeg = PageRasterizer.RenderJpeg(page, dpi);
            var pdfPage = builder.AddPage(LabReportComposer.PageWidth, LabReportComposer.PageHeight);
            pdfPage.AddJpeg(jpeg, new PdfRectangle(0, 0, LabReportComposer.PageWidth, LabReportComposer.PageHeight));
        }

        return builder.Build();
    }
}
