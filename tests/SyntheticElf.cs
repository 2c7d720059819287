using System.Buffers.Binary;
using System.Text;

namespace NirNet.Tests;

/// <summary>
/// A small hand-made ELF64 shared-library image with just what the native fix reads: <c>.dynsym</c> and <c>.dynstr</c>,
/// <c>.gnu.version</c>, <c>.gnu.version_r</c> (needing <c>GLIBCXX_3.4.32</c> and <c>GLIBCXX_3.4</c> of libstdc++.so.6) and
/// <c>.rela.plt</c>. Symbol 1, <c>_ZSt21ios_base_library_initv</c>, carries GLIBCXX_3.4.32; symbol 2, <c>_Znwm</c>,
/// carries GLIBCXX_3.4 and is always relocated.
/// </summary>
internal static class SyntheticElf
{
    public const string AnchorSymbol = "_ZSt21ios_base_library_initv";

    const int HeaderSize = 64, SectionHeaderSize = 64;

    /// <param name="anchorIsCalled">Whether a relocation refers to the GLIBCXX_3.4.32 symbol (as a real call would).</param>
    /// <param name="verneedLink">The <c>sh_link</c> of <c>.gnu.version_r</c> (its string table is section 2).</param>
    /// <param name="sectionCount">The <c>e_shnum</c> written in the header (the table always holds 6 sections).</param>
    public static byte[] Build(bool anchorIsCalled = false, uint verneedLink = 2, ushort sectionCount = 6)
    {
        var strings = new MemoryStream();
        uint Name(string text)
        {
            uint at = (uint)strings.Length;
            strings.Write(Encoding.ASCII.GetBytes(text + "\0"));
            return at;
        }
        Name("");
        uint library = Name("libstdc++.so.6"), newest = Name("GLIBCXX_3.4.32"), oldest = Name("GLIBCXX_3.4");
        uint anchor = Name(AnchorSymbol), allocate = Name("_Znwm");

        var symbols = new byte[3 * 24];
        BinaryPrimitives.WriteUInt32LittleEndian(symbols.AsSpan(24), anchor);
        BinaryPrimitives.WriteUInt32LittleEndian(symbols.AsSpan(48), allocate);
        symbols[24 + 4] = symbols[48 + 4] = 0x12; // STB_GLOBAL, STT_FUNC; undefined (st_shndx 0)

        var versions = new byte[3 * 2];
        BinaryPrimitives.WriteUInt16LittleEndian(versions.AsSpan(2), 2); // symbol 1: GLIBCXX_3.4.32
        BinaryPrimitives.WriteUInt16LittleEndian(versions.AsSpan(4), 3); // symbol 2: GLIBCXX_3.4

        var needs = new byte[16 + 2 * 16];
        BinaryPrimitives.WriteUInt16LittleEndian(needs.AsSpan(0), 1);  // vn_version
        BinaryPrimitives.WriteUInt16LittleEndian(needs.AsSpan(2), 2);  // vn_cnt
        BinaryPrimitives.WriteUInt32LittleEndian(needs.AsSpan(4), library);
        BinaryPrimitives.WriteUInt32LittleEndian(needs.AsSpan(8), 16); // vn_aux
        foreach (var (at, index, name, next) in new[] { (16, (ushort)2, newest, 16u), (32, (ushort)3, oldest, 0u) })
        {
            BinaryPrimitives.WriteUInt16LittleEndian(needs.AsSpan(at + 6), index); // vna_other; vna_flags (at + 4) stays 0
            BinaryPrimitives.WriteUInt32LittleEndian(needs.AsSpan(at + 8), name);
            BinaryPrimitives.WriteUInt32LittleEndian(needs.AsSpan(at + 12), next);
        }

        uint[] relocated = anchorIsCalled ? [2, 1] : [2];
        var relocations = new byte[relocated.Length * 24];
        for (int i = 0; i < relocated.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(relocations.AsSpan(i * 24 + 8), ((ulong)relocated[i] << 32) | 7); // R_X86_64_JUMP_SLOT

        // Sections: 0 null, 1 .dynsym, 2 .dynstr, 3 .gnu.version, 4 .gnu.version_r, 5 .rela.plt.
        var contents = new (uint Type, byte[] Bytes, uint Link, uint Info, ulong EntrySize)[]
        {
            (11, symbols, 2, 1, 24), (3, strings.ToArray(), 0, 0, 0), (0x6fffffff, versions, 1, 0, 2), (0x6ffffffe, needs, verneedLink, 1, 0), (4, relocations, 1, 0, 24),
        };
        var image = new MemoryStream();
        image.Write(new byte[HeaderSize]);
        var placed = new List<(uint Type, long Offset, long Size, uint Link, uint Info, ulong EntrySize)>();
        foreach (var (type, bytes, link, info, entrySize) in contents)
        {
            image.Position = (image.Length + 7) / 8 * 8;
            placed.Add((type, image.Position, bytes.Length, link, info, entrySize));
            image.Write(bytes);
        }
        long table = (image.Length + 7) / 8 * 8;
        image.SetLength(table + 6 * SectionHeaderSize);
        byte[] elf = image.ToArray();
        for (int i = 0; i < placed.Count; i++)
        {
            var header = elf.AsSpan((int)table + (i + 1) * SectionHeaderSize);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], placed[i].Type);
            BinaryPrimitives.WriteUInt64LittleEndian(header[16..], (ulong)placed[i].Offset); // sh_addr: loaded where it lies
            BinaryPrimitives.WriteUInt64LittleEndian(header[24..], (ulong)placed[i].Offset);
            BinaryPrimitives.WriteUInt64LittleEndian(header[32..], (ulong)placed[i].Size);
            BinaryPrimitives.WriteUInt32LittleEndian(header[40..], placed[i].Link);
            BinaryPrimitives.WriteUInt32LittleEndian(header[44..], placed[i].Info);
            BinaryPrimitives.WriteUInt64LittleEndian(header[56..], placed[i].EntrySize);
        }
        "\u007fELF"u8.CopyTo(elf);
        elf[4] = 2; // ELFCLASS64
        elf[5] = 1; // little-endian
        elf[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x10), 3); // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x12), 62); // EM_X86_64
        BinaryPrimitives.WriteUInt64LittleEndian(elf.AsSpan(0x28), (ulong)table);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x3A), SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x3C), sectionCount);
        return elf;
    }
}
