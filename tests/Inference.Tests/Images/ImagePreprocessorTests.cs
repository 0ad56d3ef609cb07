using System.Buffers.Binary;
using FhirMedGemma.Inference.Images;
using FhirMedGemma.Testing;
using SkiaSharp;
using Xunit.Abstractions;

namespace FhirMedGemma.Inference.Tests.Images;

public sealed class ImagePreprocessorTests(ITestOutputHelper output)
{
    private static readonly ImagePreprocessor Preprocessor = new(PreprocessorConfig.Load(RepoFixtures.TinyModelDirectory), new ImagePreprocessorOptions());

    [Theory]
    [InlineData("lab_report_photo")]
    [InlineData("grayscale_wide")]
    public void Preprocess_ReferenceImage_MatchesHuggingFacePixelValues(string name)
    {
        var png = File.ReadAllBytes(Path.Combine(RepoFixtures.ModelReferenceDirectory, name + ".png"));
        var expected = ReadHalfs(Path.Combine(RepoFixtures.ModelReferenceDirectory, name + ".pixel_values.f16"));

        var actual = Preprocessor.Preprocess(png);

        actual.Should().HaveCount(expected.Length).And.HaveCount(3 * 896 * 896);
        double sum = 0, max = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var diff = Math.Abs(actual[i] - expected[i]);
            sum += diff;
            max = Math.Max(max, diff);
        }

        var mean = sum / actual.Length;
        output.WriteLine($"{name}: mean |diff| {mean:E3}, max |diff| {max:E3}");
        mean.Should().BeLessThanOrEqualTo(0.01);
        max.Should().BeLessThan(0.02, "one 8-bit step is 2/255 after normalisation; we match Pillow's fixed-point resize");
    }

    [Fact]
    public void Preprocess_TransparentPixels_AreCompositedOnWhite()
    {
        var png = Encode(SKEncodedImageFormat.Png, 4, 4, new SKColor(255, 0, 0, 0), SKAlphaType.Unpremul);

        var pixels = Preprocessor.Preprocess(png);

        pixels.Should().OnlyContain(v => Math.Abs(v - 1f) < 1e-6, "fully transparent pixels become white (1.0 after normalising)");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    [InlineData(SKEncodedImageFormat.Png)]
    public void Preprocess_SolidColourInEachFormat_GivesThatColourPerChannel(SKEncodedImageFormat format)
    {
        var encoded = Encode(format, 64, 48, new SKColor(0, 255, 0), SKAlphaType.Opaque);

        var pixels = Preprocessor.Preprocess(encoded);

        var plane = 896 * 896;
        pixels.AsSpan(0, plane).ToArray().Average().Should().BeApproximately(-1f, 0.05f);
        pixels.AsSpan(plane, plane).ToArray().Average().Should().BeApproximately(1f, 0.05f);
        pixels.AsSpan(2 * plane, plane).ToArray().Average().Should().BeApproximately(-1f, 0.05f);
    }

    [Fact]
    public void Preprocess_Gif_DecodesFirstFrame()
    {
        // A 1×1 GIF89a whose single pixel is palette entry 0 = pure red.
        byte[] gif =
        [
            0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
        ];

        var pixels = Preprocessor.Preprocess(gif);

        var plane = 896 * 896;
        pixels[0].Should().Be(1f);
        pixels[plane].Should().Be(-1f);
        pixels[2 * plane].Should().Be(-1f);
    }

    [Fact]
    public void Preprocess_Bmp_DecodesBottomUpBgr()
    {
        // 2×1 24-bit BMP: left pixel blue, right pixel white (rows are BGR, padded to 4 bytes).
        byte[] bmp =
        [
            0x42, 0x4D, 0x3E, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x36, 0x00, 0x00, 0x00,
            0x28, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x18, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x13, 0x0B, 0x00, 0x00, 0x13, 0x0B, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0xFF, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00,
        ];

        var pixels = Preprocessor.Preprocess(bmp);

        var plane = 896 * 896;
        (pixels[0], pixels[plane], pixels[2 * plane]).Should().Be((-1f, -1f, 1f), "the left edge is pure blue");
        (pixels[895], pixels[plane + 895], pixels[2 * plane + 895]).Should().Be((1f, 1f, 1f), "the right edge is white");
    }

    [Fact]
    public void Preprocess_HeaderClaimsHugeImage_IsRejectedBeforeDecoding()
    {
        var bomb = PngHeaderOnly(100_000, 100_000); // no pixel data at all: decoding would fail, the size check must come first

        var act = () => Preprocessor.Preprocess(bomb);

        act.Should().Throw<InvalidModelInputException>()
            .Where(e => e.ErrorCode == InferenceErrorCodes.ImageInvalid)
            .WithMessage("*100000×100000*limit is 50000000*");
    }

    [Fact]
    public void Preprocess_OverConfiguredPixelLimit_Throws()
    {
        var small = new ImagePreprocessor(PreprocessorConfig.Gemma3, new ImagePreprocessorOptions { MaxImagePixels = 100 });
        var act = () => small.Preprocess(Encode(SKEncodedImageFormat.Png, 11, 10, SKColors.Black, SKAlphaType.Opaque));

        act.Should().Throw<InvalidModelInputException>().WithMessage("*110 pixels*limit is 100*");
    }

    [Fact]
    public void Preprocess_OverByteLimit_Throws()
    {
        var small = new ImagePreprocessor(PreprocessorConfig.Gemma3, new ImagePreprocessorOptions { MaxImageBytes = 10 });
        var act = () => small.Preprocess(Encode(SKEncodedImageFormat.Png, 8, 8, SKColors.Black, SKAlphaType.Opaque));

        act.Should().Throw<InvalidModelInputException>().WithMessage("*bytes; the limit is 10*");
    }

    [Fact]
    public void Preprocess_TruncatedPng_ThrowsImageInvalid()
    {
        var png = File.ReadAllBytes(Path.Combine(RepoFixtures.ModelReferenceDirectory, "lab_report_photo.png"));

        var act = () => Preprocessor.Preprocess(png.AsSpan(0, png.Length / 2));

        act.Should().Throw<InvalidModelInputException>().Which.ErrorCode.Should().Be(InferenceErrorCodes.ImageInvalid);
    }

    [Fact]
    public void Preprocess_NotAnImage_ThrowsImageInvalid()
    {
        var act = () => Preprocessor.Preprocess("this is plain text, not pixels"u8);

        act.Should().Throw<InvalidModelInputException>().WithMessage("*unknown or corrupt format*");
    }

    [Fact]
    public void Preprocess_Tiff_ThrowsSayingTiffIsUnsupported()
    {
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 0, 0];

        var act = () => Preprocessor.Preprocess(tiff);

        act.Should().Throw<InvalidModelInputException>().WithMessage("TIFF images are not supported*");
    }

    [Fact]
    public void Preprocess_Empty_Throws()
    {
        var act = () => Preprocessor.Preprocess(ReadOnlySpan<byte>.Empty);

        act.Should().Throw<InvalidModelInputException>().WithMessage("The image is empty.");
    }

    private static byte[] Encode(SKEncodedImageFormat format, int width, int height, SKColor colour, SKAlphaType alpha)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, alpha));
        bitmap.Erase(colour);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95);
        return data.ToArray();
    }

    private static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x03, 0x00]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] body)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, body.Length);
        stream.Write(length);
        var typeAndBody = System.Text.Encoding.ASCII.GetBytes(type).Concat(body).ToArray();
        stream.Write(typeAndBody);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndBody));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static float[] ReadHalfs(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * 2));
        }

        return values;
    }
}
