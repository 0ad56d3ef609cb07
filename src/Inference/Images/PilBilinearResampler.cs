namespace FhirMedGemma.Inference.Images;

/// <summary>
/// Bilinear resampling the way Pillow's <c>Image.resize(…, BILINEAR)</c> does it for 8-bit images — which is what Hugging
/// Face's Gemma3ImageProcessor calls: a triangle filter widened by the scale when shrinking (so downscaling averages
/// instead of skipping pixels), fixed-point weights with 22 fraction bits, a horizontal pass rounded to bytes, then a
/// vertical pass. Matching it, rather than using Skia's sampler, keeps our pixel values equal to the reference ones.
/// </summary>
internal static class PilBilinearResampler
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes interleaved RGB bytes (3 per pixel).</summary>
    public static byte[] ResizeRgb(byte[] source, int width, int height, int outWidth, int outHeight)
    {
        var horizontal = width == outWidth ? source : Pass(source, width, height, outWidth, horizontal: true);
        return height == outHeight ? horizontal : Pass(horizontal, outWidth, height, outHeight, horizontal: false);
    }

    private static byte[] Pass(byte[] source, int width, int height, int outSize, bool horizontal)
    {
        var inSize = horizontal ? width : height;
        var (bounds, weights, kernelSize) = Coefficients(inSize, outSize);
        var outWidth = horizontal ? outSize : width;
        var outHeight = horizontal ? height : outSize;
        var output = new byte[outWidth * outHeight * 3];
        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var o = horizontal ? x : y;
                var start = bounds[o * 2];
                var count = bounds[o * 2 + 1];
                for (var c = 0; c < 3; c++)
                {
                    long sum = 1L << (PrecisionBits - 1);
                    for (var k = 0; k < count; k++)
                    {
                        var index = horizontal ? (y * width + start + k) * 3 + c : ((start + k) * width + x) * 3 + c;
                        sum += source[index] * (long)weights[o * kernelSize + k];
                    }

                    output[(y * outWidth + x) * 3 + c] = (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);
                }
            }
        }

        return output;
    }

    private static (int[] Bounds, int[] Weights, int KernelSize) Coefficients(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = 1.0 * filterScale;
        var kernelSize = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = new int[outSize * 2];
        var weights = new int[outSize * kernelSize];
        var raw = new double[kernelSize];
        for (var o = 0; o < outSize; o++)
        {
            var center = (o + 0.5) * scale;
            var min = Math.Max((int)(center - support + 0.5), 0);
            var max = Math.Min((int)(center + support + 0.5), inSize) - min;
            var total = 0.0;
            for (var k = 0; k < max; k++)
            {
                var w = Triangle((k + min - center + 0.5) / filterScale);
                raw[k] = w;
                total += w;
            }

            for (var k = 0; k < max; k++)
            {
                var w = total != 0.0 ? raw[k] / total : raw[k];
                weights[o * kernelSize + k] = (int)(w < 0 ? -0.5 + w * (1 << PrecisionBits) : 0.5 + w * (1 << PrecisionBits));
            }

            bounds[o * 2] = min;
            bounds[o * 2 + 1] = max;
        }

        return (bounds, weights, kernelSize);
    }

    private static double Triangle(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }
}
