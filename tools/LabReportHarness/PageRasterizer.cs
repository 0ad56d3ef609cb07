using SkiaSharp;

namespace FhirMedGemma.LabReportHarness;

/// <summary>Draws a composed page into a bitmap with SkiaSharp and the bundled DejaVu Sans font.</summary>
internal static class PageRasterizer
{
    private static readonly Lazy<SKTypeface> Typeface = new(() =>
    {
        using var stream = typeof(PageRasterizer).Assembly.GetManifestResourceStream("DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The DejaVuSans.ttf resource is missing from the harness assembly.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("DejaVuSans.ttf could not be loaded.");
    });

    public static byte[] RenderJpeg(ComposedPage page, int dpi) => Render(page, dpi, SKEncodedImageFormat.Jpeg, 85);

    public static byte[] RenderPng(ComposedPage page, int dpi) => Render(page, dpi, SKEncodedImageFormat.Png, 100);

    private static byte[] Render(ComposedPage page, int dpi, SKEncodedImageFormat format, int quality)
    {
        var scale = dpi / 72f;
        var width = (int)(LabReportComposer.PageWidth * scale);
        var height = (int)(LabReportComposer.PageHeight * scale);
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            foreach (var text in page.Texts)
            {
                // DejaVu is wider than Helvetica: condense it so columns keep the positions the digital layout uses.
                using var font = new SKFont(Typeface.Value, (float)text.Size * scale * 0.92f) { ScaleX = 0.86f, Embolden = text.Bold };
                canvas.DrawText(text.Text, (float)text.X * scale, (float)(text.Top + text.Size) * scale, SKTextAlign.Left, font, paint);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }
}
