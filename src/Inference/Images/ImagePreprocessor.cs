using SkiaSharp;

namespace FhirMedGemma.Inference.Images;

/// <summary>
/// Turns an encoded image (PNG, JPEG, GIF – first frame –, WebP, BMP) into the vision encoder's input exactly as Hugging
/// Face's Gemma3ImageProcessor does: RGB (transparency composited on white), Pillow-style bilinear resize to the configured
/// size, ×rescale_factor, (x − mean) / std, float32 planar [3, H, W].
/// </summary>
/// <remarks>Thread-safe. Dimensions are checked from the header before decoding so a decompression bomb costs nothing.</remarks>
public sealed class ImagePreprocessor(PreprocessorConfig config, ImagePreprocessorOptions options)
{
    private static readonly HashSet<SKEncodedImageFormat> Supported =
        [SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Gif, SKEncodedImageFormat.Webp, SKEncodedImageFormat.Bmp];

    public PreprocessorConfig Config => config;

    /// <summary>Elements of one output image: 3 × height × width.</summary>
    public int OutputLength => 3 * config.Width * config.Height;

    /// <exception cref="InvalidModelInputException">Empty, too large, corrupt or of an unsupported format (code IMAGE_INVALID).</exception>
    public float[] Preprocess(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw Invalid("The image is empty.");
        }

        if (encoded.Length > options.MaxImageBytes)
        {
            throw Invalid($"The image is {encoded.Length} bytes; the limit is {options.MaxImageBytes}.");
        }

        if (IsTiff(encoded))
        {
            throw Invalid("TIFF images are not supported (no TIFF decoder is available); send PNG, JPEG, GIF, WebP or BMP.");
        }

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw Invalid("The image could not be read: unknown or corrupt format.");
        }

        if (!Supported.Contains(codec.EncodedFormat))
        {
            throw Invalid($"{codec.EncodedFormat} images are not supported; send PNG, JPEG, GIF, WebP or BMP.");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
        {
            throw Invalid($"The image header gives an invalid size {width}×{height}.");
        }

        if ((long)width * height > options.MaxImagePixels)
        {
            throw Invalid($"The image is {width}×{height} = {(long)width * height} pixels; the limit is {options.MaxImagePixels}.");
        }

        var rgb = DecodeToRgb(codec, width, height);
        var resized = PilBilinearResampler.ResizeRgb(rgb, width, height, config.Width, config.Height);
        return Normalize(resized);
    }

    private static byte[] DecodeToRgb(SKCodec codec, int width, int height)
    {
        // Unpremultiplied RGBA without a colour space: no ICC/gamma conversion, as Pillow (and so Hugging Face) ignores them.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize];
        SKCodecResult result;
        unsafe
        {
            fixed (byte* pixels = rgba)
            {
                result = codec.GetPixels(info, (IntPtr)pixels);
            }
        }

        // IncompleteInput leaves undecoded rows blank; a truncated file is corrupt for our purposes.
        if (result != SKCodecResult.Success)
        {
            throw Invalid($"The image could not be decoded ({result}).");
        }

        var rgb = new byte[width * height * 3];
        for (int p = 0, q = 0; p < rgba.Length; p += 4, q += 3)
        {
            var alpha = rgba[p + 3];
            if (alpha == 255)
            {
                rgb[q] = rgba[p];
                rgb[q + 1] = rgba[p + 1];
                rgb[q + 2] = rgba[p + 2];
            }
            else
            {
                // transformers' convert_to_rgb alpha-composites RGBA over a white background.
                for (var c = 0; c < 3; c++)
                {
                    rgb[q + c] = (byte)((rgba[p + c] * alpha + 255 * (255 - alpha) + 127) / 255);
                }
            }
        }

        return rgb;
    }

    private float[] Normalize(byte[] rgb)
    {
        var plane = config.Width * config.Height;
        var output = new float[3 * plane];
        for (var c = 0; c < 3; c++)
        {
            // As transformers: rescale in float64, cast to float32, then normalise in float32.
            var mean = config.Mean[c];
            var std = config.Std[c];
            for (var i = 0; i < plane; i++)
            {
                var rescaled = (float)(rgb[i * 3 + c] * config.RescaleFactor);
                output[c * plane + i] = (rescaled - mean) / std;
            }
        }

        return output;
    }

    private static bool IsTiff(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && ((data[0] == 'I' && data[1] == 'I' && data[2] == 42 && data[3] == 0) || (data[0] == 'M' && data[1] == 'M' && data[2] == 0 && data[3] == 42));

    private static InvalidModelInputException Invalid(string message) => new(InferenceErrorCodes.ImageInvalid, message);
}
