using System.Buffers.Binary;
using System.Text;

namespace NirNet.Native;

/// <summary>One entry of an ELF file's version-needs table: "this file needs version V of library L".</summary>
/// <param name="Library">The needed library's file name, for example <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The needed version, for example <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="IsWeak">Whether the entry is marked weak: the dynamic loader then only warns when the version is missing.</param>
/// <param name="FlagsOffset">File offset of the entry's <c>vna_flags</c> field.</param>
internal sealed record VersionNeed(string Library, string Version, bool IsWeak, int FlagsOffset);

/// <summary>
/// Reads the symbol-versioning sections of 64-bit little-endian ELF shared libraries
/// (<c>.gnu.version_r</c>, what a file needs; <c>.gnu.version_d</c>, what a file defines)
/// and marks needed versions weak. Only the flag bytes change; the file keeps its size and layout.
/// </summary>
internal static class ElfVersions
{
    const uint ShtGnuVerdef = 0x6ffffffd;
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    /// <summary>The version-needs table of an ELF file.</summary>
    public static IReadOnlyList<VersionNeed> ReadNeeds(ReadOnlySpan<byte> elf, string fileName)
    {
        var result = new List<VersionNeed>();
        var sections = Sections(elf, fileName);
        foreach (var section in sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strings = sections[(int)section.Link];
            int entry = checked((int)section.Offset);
            for (uint i = 0; i < section.Info; i++)
            {
                ushort count = U16(elf, entry + 2, fileName);
                string library = String(elf, strings, U32(elf, entry + 4, fileName), fileName);
                int aux = entry + (int)U32(elf, entry + 8, fileName);
                for (int j = 0; j < count; j++)
                {
                    ushort flags = U16(elf, aux + 4, fileName);
                    string version = String(elf, strings, U32(elf, aux + 8, fileName), fileName);
                    result.Add(new VersionNeed(library, version, (flags & VerFlgWeak) != 0, aux + 4));
                    aux += (int)U32(elf, aux + 12, fileName);
                }
                entry += (int)U32(elf, entry + 12, fileName);
            }
        }
        return result;
    }

    /// <summary>The version names an ELF library defines (for libstdc++: <c>GLIBCXX_3.4</c> … <c>GLIBCXX_3.4.30</c>, …).</summary>
    public static IReadOnlySet<string> ReadDefinitions(ReadOnlySpan<byte> elf, string fileName)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var sections = Sections(elf, fileName);
        foreach (var section in sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strings = sections[(int)section.Link];
            int entry = checked((int)section.Offset);
            for (uint i = 0; i < section.Info; i++)
            {
                int aux = entry + (int)U32(elf, entry + 12, fileName);
                result.Add(String(elf, strings, U32(elf, aux, fileName), fileName));
                entry += (int)U32(elf, entry + 16, fileName);
            }
        }
        return result;
    }

    /// <summary>Sets the weak flag on the given entries, in place.</summary>
    public static void MarkWeak(Span<byte> elf, IEnumerable<VersionNeed> needs)
    {
        foreach (var need in needs)
        {
            var field = elf.Slice(need.FlagsOffset, 2);
            BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(field) | VerFlgWeak));
        }
    }

    readonly record struct Section(uint Type, long Offset, long Size, uint Link, uint Info);

    static List<Section> Sections(ReadOnlySpan<byte> elf, string fileName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new NativeSetupException($"{fileName} is not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new NativeSetupException($"{fileName} is not a 64-bit little-endian ELF file.");
        long tableOffset = (long)U64(elf, 0x28, fileName);
        int entrySize = U16(elf, 0x3A, fileName), count = U16(elf, 0x3C, fileName);
        var sections = new List<Section>(count);
        for (int i = 0; i < count; i++)
        {
            int at = checked((int)(tableOffset + (long)i * entrySize));
            sections.Add(new Section(U32(elf, at + 4, fileName), (long)U64(elf, at + 24, fileName),
                (long)U64(elf, at + 32, fileName), U32(elf, at + 40, fileName), U32(elf, at + 44, fileName)));
        }
        return sections;
    }

    static string String(ReadOnlySpan<byte> elf, Section table, uint offset, string fileName)
    {
        if (offset >= table.Size) throw Truncated(fileName);
        var rest = elf.Slice(checked((int)(table.Offset + offset)));
        int end = rest.IndexOf((byte)0);
        if (end < 0) throw Truncated(fileName);
        return Encoding.ASCII.GetString(rest[..end]);
    }

    static ushort U16(ReadOnlySpan<byte> elf, int at, string fileName) =>
        at >= 0 && at + 2 <= elf.Length ? BinaryPrimitives.ReadUInt16LittleEndian(elf[at..]) : throw Truncated(fileName);

    static uint U32(ReadOnlySpan<byte> elf, int at, string fileName) =>
        at >= 0 && at + 4 <= elf.Length ? BinaryPrimitives.ReadUInt32LittleEndian(elf[at..]) : throw Truncated(fileName);

    static ulong U64(ReadOnlySpan<byte> elf, int at, string fileName) =>
        at >= 0 && at + 8 <= elf.Length ? BinaryPrimitives.ReadUInt64LittleEndian(elf[at..]) : throw Truncated(fileName);

    static NativeSetupException Truncated(string fileName) =>
        new($"{fileName} has a truncated or malformed ELF symbol-version table.");
}
