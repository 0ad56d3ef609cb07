using System.Text;
using FhirMedGemma.FhirAdapters.Attachments;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.LabReportHarness;
using FhirMedGemma.Testing;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace FhirMedGemma.FhirAdapters.Tests.LabReports;

public sealed class PdfLabDocumentReaderTests
{
    private static PdfLabDocumentReader Reader(int maxPages = 50) =>
        new(Options.Create(new AttachmentOptions { MaxPdfPages = maxPages }));

    private static byte[] PdfWithLines(int pages, params string[] lines)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 0; p < pages; p++)
        {
            var page = builder.AddPage(PageSize.A4);
            for (var i = 0; i < lines.Length; i++)
            {
                page.AddText(lines[i], 10, new PdfPoint(40, 780 - i * 14), font);
            }
        }

        return builder.Build();
    }

    private static InvalidClinicalInputException Refused(byte[] pdf, int maxPages = 50) =>
        FluentActions.Invoking(() => Reader(maxPages).Read(pdf, "DiagnosticReport.presentedForm[0]"))
            .Should().Throw<InvalidClinicalInputException>().Which;

    [Fact]
    public void Read_DigitalPdf_ReturnsLinesWithCells()
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        page.AddText("Sodium level", 10, new PdfPoint(40, 700), font);
        page.AddText("140", 10, new PdfPoint(250, 700), font);
        page.AddText("mmol/L", 10, new PdfPoint(300, 700), font);

        var document = Reader().Read(builder.Build(), "x");

        document.Pages.Should().ContainSingle().Which.Lines.Should().Equal("Sodium level  140  mmol/L");
    }

    [Fact]
    public void Read_ImageOnlyPdf_HandsPageImagesToVisionPath()
    {
        var scan = LabReportCorpus.Generate(RepoFixtures.SyntheaDirectory, reportsPerLayout: 1, imageOnlyPerLayout: 1)
            .First(r => r.Truth.ImageOnly);

        var document = Reader().Read(scan.Pdf, "x");

        document.Pages.Should().OnlyContain(p => !p.HasText && p.Images.Count == 1);
        document.Pages[0].Images[0].MediaType.Should().Be("image/jpeg");
        document.Pages[0].Images[0].Data.Span[..3].ToArray().Should().Equal(0xFF, 0xD8, 0xFF);
    }

    [Fact]
    public void Read_TooManyPages_RefusedBeforeReadingPages()
    {
        var pdf = PdfWithLines(500, "Glucose  95  mg/dL");

        var error = Refused(pdf);

        error.ErrorCode.Should().Be(FhirAdapterErrorCodes.PdfTooManyPages);
        error.Message.Should().Contain("500").And.Contain("Limits:MaxPdfPages");
    }

    [Fact]
    public void Read_FiveHundredPagesWithinLimit_ReadsEveryPage()
    {
        var pdf = PdfWithLines(500, "Glucose  95  mg/dL  70-99");

        var document = Reader(maxPages: 500).Read(pdf, "x");

        document.Pages.Should().HaveCount(500).And.OnlyContain(p => p.Lines.Count == 1);
    }

    [Theory]
    [InlineData("%PDF-1.7\nthis is not a pdf at all")]
    [InlineData("%PDF-")]
    public void Read_CorruptPdf_RefusedAsCorrupt(string content) =>
        Refused(Encoding.ASCII.GetBytes(content)).ErrorCode.Should().Be(FhirAdapterErrorCodes.PdfCorrupt);

    [Fact]
    public void Read_TruncatedPdf_RefusedAsCorrupt()
    {
        var pdf = PdfWithLines(3, "Glucose  95  mg/dL");

        Refused(pdf[..(pdf.Length / 3)]).ErrorCode.Should().BeOneOf(FhirAdapterErrorCodes.PdfCorrupt, FhirAdapterErrorCodes.PdfEmpty);
    }

    [Fact]
    public void Read_EncryptedPdf_RefusedAsEncrypted()
    {
        var pdf = Encoding.Latin1.GetString(PdfWithLines(1, "Glucose  95  mg/dL"));
        var trailer = pdf.LastIndexOf("trailer", StringComparison.Ordinal);
        trailer.Should().BePositive("the test needs a classic trailer to add /Encrypt to");
        var dict = pdf.IndexOf("<<", trailer, StringComparison.Ordinal) + 2;
        var hex = new string('A', 64);
        var encrypted = pdf[..dict]
            + $" /Encrypt << /Filter /Standard /V 1 /R 2 /O <{hex}> /U <{hex}> /P -44 >> /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] "
            + pdf[dict..];

        Refused(Encoding.Latin1.GetBytes(encrypted)).ErrorCode.Should().Be(FhirAdapterErrorCodes.PdfEncrypted);
    }

    [Fact]
    public void Read_PdfWithOnlyBlankPages_RefusedAsEmpty()
    {
        using var builder = new PdfDocumentBuilder();
        builder.AddPage(PageSize.A4);
        builder.AddPage(PageSize.A4);

        Refused(builder.Build()).ErrorCode.Should().Be(FhirAdapterErrorCodes.PdfEmpty);
    }

    [Fact]
    public void Read_TwoColumnReport_ReadsLeftColumnBeforeRight()
    {
        var report = LabReportCorpus.Generate(RepoFixtures.SyntheaDirectory, reportsPerLayout: 1, imageOnlyPerLayout: 0)
            .Single(r => r.Truth.Layout == "two-column");

        var lines = Reader().Read(report.Pdf, "x").Pages[0].Lines;

        var rows = new LabTableParser().ParsePage(1, lines);
        rows.Select(r => r.TestName).Should().Equal(report.Truth.Rows.Select(r => r.Name));
    }
}
