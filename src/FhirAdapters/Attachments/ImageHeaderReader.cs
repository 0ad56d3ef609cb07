using System.Buffers.Binary;

namespace FhirMedGemma.FhirAdapters.Attachments;

/// <summary>
/// Reads an image's width and height from its header alone, so the pixel limit is enforced before any decoder
/// allocates a bitmap (a 20000×20000 PNG is a few kilobytes on the wire and 1.6 GB decoded).
/// </summary>
internal static class ImageHeaderReader
{
    /// <summary>Reads the dimensions; false when the header is truncated or malformed.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> data, string contentType, out int width, out int height)
    {
        width = height = 0;
        return contentType switch
        {
            LabAttachmentContentTypes.Png => TryPng(data, out width, out height),
            LabAttachmentContentTypes.Jpeg => TryJpeg(data, out width, out height),
            LabAttachmentContentTypes.Gif => TryGif(data, out width, out height),
            LabAttachmentContentTypes.Webp => TryWebp(data, out width, out height),
            _ => false,
        };
    }

    private static bool TryPng(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;

        // Signature (8) + chunk length (4) + "IHDR" (4) + width (4) + height (4).
        if (data.Length < 24 || !data[12..16].SequenceEqual("IHDR"u8))
        {
            return false;
        }

        var w = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        var h = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        return Accept(w, h, out width, out height);
    }

    private static bool TryGif(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        return data.Length >= 10 && Accept(
            BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]), out width, out height);
    }

    private static bool TryJpeg(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return false;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            // Markers without a length segment.
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (length < 2)
            {
                return false;
            }

            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 9 > data.Length)
                {
                    return false;
                }

                var h = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]);
                var w = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]);
                return Accept(w, h, out width, out height);
            }

            i += 2 + length;
        }

        return false;
    }

    private static bool TryWebp(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        if (data.Length < 30)
        {
            return false;
        }

        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            var w = 1u + data[24] + ((uint)data[25] << 8) + ((uint)data[26] << 16);
            var h = 1u + data[27] + ((uint)data[28] << 8) + ((uint)data[29] << 16);
            return Accept(w, h, out width, out height);
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Frame tag (3) + start code 9D 01 2A, then 14-bit width and height.
            if (data[23] != 0x9D || data[24] != 0x01 || data[25] != 0x2A)
            {
                return false;
            }

            var w = BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFFu;
            var h = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFFu;
            return Accept(w, h, out width, out height);
        }

        if (chunk.SequenceEqual("VP8L"u8) && data[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return Accept((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, out width, out height);
        }

        return false;
    }

    private static bool Accept(uint w, uint h, out int width, out int height)
    {
        width = height = 0;
        if (w == 0 || h == 0 || w > int.MaxValue || h > int.MaxValue)
        {
            return false;
        }

        width = (int)w;
        height = (int)h;
        return true;
    }
}
