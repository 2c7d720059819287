using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NirNet.NotebookRunner;

/// <summary>
/// Encodes a chart's pixels as an 8-bit palette PNG: about a third of the size of the browser's true-colour PNG, so that
/// the images committed with the notebooks keep them small. A chart is a few flat colours plus the blends at the edges
/// of its lines and letters; the palette is the 256 most frequent colours, and any other pixel takes the nearest of
/// them (no dithering: the rare colours are edge blends, where the nearest colour is invisible at the chart's size).
/// </summary>
internal static class PalettePng
{
    /// <summary>The largest palette PNG allows at 8 bits per pixel.</summary>
    public const int PaletteSize = 256;

    /// <summary>Encodes RGBA pixels (row by row, 4 bytes each), composited over white.</summary>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgba)
    {
        if (width <= 0 || height <= 0 || rgba.Length != width * height * 4)
            throw new ArgumentException($"expected {width}×{height} RGBA pixels ({width * height * 4} bytes), got {rgba.Length} bytes.", nameof(rgba));
        var pixels = new int[width * height];
        var counts = new Dictionary<int, int>();
        for (int i = 0; i < pixels.Length; i++)
        {
            int alpha = rgba[4 * i + 3];
            int Over(int channel) => (channel * alpha + 255 * (255 - alpha) + 127) / 255;
            int rgb = (Over(rgba[4 * i]) << 16) | (Over(rgba[4 * i + 1]) << 8) | Over(rgba[4 * i + 2]);
            pixels[i] = rgb;
            counts[rgb] = counts.GetValueOrDefault(rgb) + 1;
        }
        var palette = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Take(PaletteSize).Select(c => c.Key).ToArray();
        var index = new Dictionary<int, byte>();
        for (int i = 0; i < palette.Length; i++)
            index[palette[i]] = (byte)i;
        var rows = new byte[height * (width + 1)];   // each row: filter type 0 (none), then one palette index per pixel
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int rgb = pixels[y * width + x];
                if (!index.TryGetValue(rgb, out byte entry))
                    index[rgb] = entry = Nearest(palette, rgb);
                rows[y * (width + 1) + 1 + x] = entry;
            }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;   // bits per palette index
        header[9] = 3;   // colour type: palette
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "PLTE", palette.SelectMany(c => new[] { (byte)(c >> 16), (byte)(c >> 8), (byte)c }).ToArray());
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
                zlib.Write(rows);
            WriteChunk(png, "IDAT", compressed.ToArray());
        }
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    static byte Nearest(int[] palette, int rgb)
    {
        int best = 0, bestDistance = int.MaxValue;
        for (int i = 0; i < palette.Length; i++)
        {
            int dr = ((palette[i] >> 16) & 0xFF) - ((rgb >> 16) & 0xFF);
            int dg = ((palette[i] >> 8) & 0xFF) - ((rgb >> 8) & 0xFF);
            int db = (palette[i] & 0xFF) - (rgb & 0xFF);
            int distance = dr * dr + dg * dg + db * db;
            if (distance < bestDistance)
                (best, bestDistance) = (i, distance);
        }
        return (byte)best;
    }

    static void WriteChunk(Stream png, string type, byte[] data)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        png.Write(buffer);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32(typed));
        png.Write(buffer);
    }

    static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>The CRC-32 that PNG chunks carry (ISO 3309, as in zlib).</summary>
    static uint Crc32(byte[] bytes)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in bytes)
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
