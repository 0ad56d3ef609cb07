using System.Buffers.Binary;
using System.Text;
using FhirMedGemma.FhirAdapters.Attachments;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Tests.Attachments;

public sealed class AttachmentReaderTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%test\n");
    private static readonly byte[] Text = Encoding.UTF8.GetBytes("Glucose  95  mg/dL  70-99\n");

    private static AttachmentReader Reader(IFhirResourceFetcher? fetcher = null, Action<AttachmentOptions>? configure = null)
    {
        var options = new AttachmentOptions();
        configure?.Invoke(options);
        return new AttachmentReader(Options.Create(options), fetcher);
    }

    /// <summary>A PNG that is only a signature and an IHDR chunk: the header claims the size, no pixels follow.</summary>
    internal static byte[] PngHeader(uint width, uint height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 13);
        Encoding.ASCII.GetBytes("IHDR").CopyTo(bytes, 12);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        bytes[25] = 2;
        return bytes;
    }

    private static async Task<InvalidClinicalInputException> Refused(Func<Task> act) =>
        (await act.Should().ThrowAsync<InvalidClinicalInputException>()).Which;

    [Fact]
    public async Task ReadAsync_InlinePdf_ReturnsBytesWithSniffedType()
    {
        var report = new DiagnosticReport { PresentedForm = [new Attachment { ContentType = "application/pdf", Data = Pdf }] };

        var content = (await Reader().ReadAsync(report, CancellationToken.None)).Should().ContainSingle().Subject;

        content.ContentType.Should().Be("application/pdf");
        content.Expression.Should().Be("DiagnosticReport.presentedForm[0]");
        content.Data.ToArray().Should().Equal(Pdf);
    }

    [Fact]
    public async Task ReadAsync_InvalidBase64_RefusedWithCode()
    {
        var attachment = new Attachment { ContentType = "application/pdf" };
        attachment.DataElement = new Base64Binary();
        attachment.DataElement.JsonValue = "this is not base64!";

        var error = await Refused(() => Reader().ReadAsync(attachment, "DiagnosticReport.presentedForm[0]", CancellationToken.None));

        error.ErrorCode.Should().Be(FhirAdapterErrorCodes.AttachmentInvalidBase64);
        error.Expression.Should().Be("DiagnosticReport.presentedForm[0].data");
    }

    [Fact]
    public void Check_DeclaredPdfButBytesArePng_RefusedAsMismatch()
    {
        var error = FluentActions.Invoking(() => Reader().Check(PngHeader(10, 10), "application/pdf", "x")).Should().Throw<InvalidClinicalInputException>().Which;

        error.ErrorCode.Should().Be(FhirAdapterErrorCodes.AttachmentContentTypeMismatch);
        error.Message.Should().Contain("image/png");
    }

    [Theory]
    [InlineData("application/msword")]
    [InlineData("text/html")]
    public void Check_UnsupportedDeclaredType_Refused(string contentType) =>
        FluentActions.Invoking(() => Reader().Check(Text, contentType, "x")).Should().Throw<InvalidClinicalInputException>()
            .Which.ErrorCode.Should().Be(FhirAdapterErrorCodes.AttachmentUnsupported);

    [Fact]
    public void Check_UnknownBinary_RefusedAsUnsupported() =>
        FluentActions.Invoking(() => Reader().Check(new byte[] { 0x00, 0x01, 0x02, 0xFE }, null, "x")).Should().Throw<InvalidClinicalInputException>()
            .Which.ErrorCode.Should().Be(FhirAdapterErrorCodes.AttachmentUnsupported);

    [Fact]
    public void Check_HugeImageHeader_RefusedBeforeDecoding()
    {
        var error = FluentActions.Invoking(() => Reader().Check(PngHeader(20000, 20000), "image/png", "x")).Should().Throw<InvalidClinicalInputException>().Which;

        error.ErrorCode.Should().Be(FhirAdapterErrorCodes.ImageTooLarge);
        error.IssueType.Should().Be(OperationOutcome.IssueType.TooCostly);
    }

    [Fact]
    public void Check_TruncatedImageHeader_RefusedAsCorrupt() =>
        FluentActions.Invoking(() => Reader().Check(PngHeader(10, 10).AsMemory(0, 12), null, "x")).Should().Throw<InvalidClinicalInputException>()
            .Which.ErrorCode.Should().Be(FhirAdapterErrorCodes.ImageCorrupt);

    [Fact]
    public void Check_OverByteLimit_Refused() =>
        FluentActions.Invoking(() => Reader(configure: o => o.MaxAttachmentBytes = 4).Check(Pdf, null, "x")).Should().Throw<InvalidClinicalInputException>()
            .Which.ErrorCode.Should().Be(FhirAdapterErrorCodes.AttachmentTooLarge);

    [Fact]
    public void Check_AliasAndParameters_Accepted() =>
        Reader().Check(Text, "Text/Plain; charset=utf-8", "x").ContentType.Should().Be("text/plain");

    [Fact]
    public async Task ReadAsync_BinaryReference_FetchedThroughFhirServer()
    {
        var fetcher = new FakeFetcher { Binary = new FetchedAttachment(Pdf, "application/pdf") };

        var content = await Reader(fetcher).ReadAsync(new Attachment { Url = "Binary/abc-1" }, "a", CancellationToken.None);

        fetcher.BinaryIds.Should().Equal("abc-1");
        content.ContentType.Should().Be("application/pdf");
    }

    [Fact]
    public async Task ReadAsync_BinaryMissingUpstream_RefusedAsNotFound() =>
        (await Refused(() => Reader(new FakeFetcher()).ReadAsync(new Attachment { Url = "Binary/abc" }, "a", CancellationToken.None)))
            .ErrorCode.Should().Be(FhirAdapterErrorCodes.AttachmentNotFound);

    [Theory]
    [InlineData("https://evil.example.com/report.pdf")]
    [InlineData("file:///etc/passwd")]
    [InlineData("../Binary/x")]
    public async Task ReadAsync_UrlNotOnAllowList_RefusedWithoutFetching(string url)
    {
        var fetcher = new FakeFetcher { Binary = new FetchedAttachment(Pdf, null) };

        var error = await Refused(() => Reader(fetcher, o => o.AllowedAttachmentUrlPrefixes.Add("https://lis.example.org/"))
            .ReadAsync(new Attachment { Url = url }, "a", CancellationToken.None));

        error.ErrorCode.Should().Be(FhirAdapterErrorCodes.AttachmentUrlNotAllowed);
        fetcher.Urls.Should().BeEmpty();
    }

    [Fact]
    public async Task ReadAsync_AllowedAbsoluteUrl_Fetched()
    {
        var fetcher = new FakeFetcher { Binary = new FetchedAttachment(Text, "text/plain") };

        var content = await Reader(fetcher, o => o.AllowedAttachmentUrlPrefixes.Add("https://lis.example.org/"))
            .ReadAsync(new Attachment { Url = "https://lis.example.org/r/1.txt" }, "a", CancellationToken.None);

        fetcher.Urls.Should().ContainSingle();
        content.ContentType.Should().Be("text/plain");
    }

    [Fact]
    public async Task ReadAsync_DocumentReferenceWithoutAttachments_RefusedWithCode() =>
        (await Refused(() => Reader().ReadAsync(new DocumentReference(), CancellationToken.None)))
            .ErrorCode.Should().Be(FhirAdapterErrorCodes.NoLabReportAttachment);

    [Fact]
    public async Task ReadAsync_AttachmentWithNeitherDataNorUrl_RefusedAsEmpty() =>
        (await Refused(() => Reader().ReadAsync(new Attachment(), "a", CancellationToken.None)))
            .ErrorCode.Should().Be(FhirAdapterErrorCodes.AttachmentEmpty);

    private sealed class FakeFetcher : IFhirResourceFetcher
    {
        public FetchedAttachment? Binary { get; init; }

        public List<string> BinaryIds { get; } = [];

        public List<Uri> Urls { get; } = [];

        public Task<FetchedAttachment?> ReadBinaryAsync(string binaryId, long maxBytes, CancellationToken cancellationToken)
        {
            BinaryIds.Add(binaryId);
            return Task.FromResult(Binary);
        }

        public Task<FetchedAttachment?> FetchUrlAsync(Uri url, long maxBytes, CancellationToken cancellationToken)
        {
            Urls.Add(url);
            return Task.FromResult(Binary);
        }
    }
}
