using System.Buffers.Binary;
using System.Text;

namespace NirNet.Native;

/// <summary>One entry of an ELF file's version-needs table: "this file needs version V of library L".</summary>
/// <param name="Library">The needed library's file name, for example <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The needed version, for example <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Index">The version's index in <c>.gnu.version</c>: the symbols that carry this index need this version.</param>
/// <param name="IsWeak">Whether the entry is marked weak: the dynamic loader then only warns when the version is missing.</param>
/// <param name="FlagsOffset">File offset of the entry's <c>vna_flags</c> field.</param>
internal sealed record VersionNeed(string Library, string Version, ushort Index, bool IsWeak, int FlagsOffset);

/// <summary>A dynamic symbol and whether any dynamic relocation refers to it (that is, whether the file calls or reads it).</summary>
/// <param name="Name">The symbol's (mangled) name, for example <c>_ZSt21ios_base_library_initv</c>.</param>
/// <param name="IsReferenced">Whether an entry of a relocation section linked to <c>.dynsym</c> names this symbol.</param>
internal sealed record DynamicSymbol(string Name, bool IsReferenced);

/// <summary>
/// Reads the symbol-versioning sections of 64-bit little-endian ELF shared libraries (<c>.gnu.version_r</c>, what a file
/// needs; <c>.gnu.version_d</c>, what a file defines; <c>.gnu.version</c> with <c>.dynsym</c>, which symbol carries which
/// version; the relocation sections, which symbols are used) and marks needed versions weak. Every offset, size and
/// section link is checked against the file: a malformed file is a <see cref="NativeSetupException"/>, never a wrong answer.
/// Only flag bytes change; the file keeps its size and layout.
/// </summary>
internal static class ElfVersions
{
    const uint ShtStrtab = 3, ShtRela = 4, ShtNobits = 8, ShtRel = 9, ShtDynsym = 11;
    const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    const ushort VerFlgWeak = 0x2;
    const int SymbolSize = 24, SectionHeaderSize = 64;

    /// <summary>The version-needs table of an ELF file.</summary>
    public static IReadOnlyList<VersionNeed> ReadNeeds(ReadOnlySpan<byte> elf, string fileName)
    {
        var result = new List<VersionNeed>();
        var sections = Sections(elf, fileName);
        foreach (var section in sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strings = Linked(sections, section, ShtStrtab, fileName);
            CheckEntryCount(section, 16, fileName);
            long entry = section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                ushort count = U16(elf, entry + 2, fileName);
                string library = String(elf, strings, U32(elf, entry + 4, fileName), fileName);
                long aux = entry + U32(elf, entry + 8, fileName);
                for (int j = 0; j < count; j++)
                {
                    ushort flags = U16(elf, aux + 4, fileName);
                    ushort index = U16(elf, aux + 6, fileName);
                    string version = String(elf, strings, U32(elf, aux + 8, fileName), fileName);
                    result.Add(new VersionNeed(library, version, index, (flags & VerFlgWeak) != 0, checked((int)(aux + 4))));
                    aux += U32(elf, aux + 12, fileName);
                }
                entry += U32(elf, entry + 12, fileName);
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
            var strings = Linked(sections, section, ShtStrtab, fileName);
            CheckEntryCount(section, 20, fileName);
            long entry = section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                long aux = entry + U32(elf, entry + 12, fileName);
                result.Add(String(elf, strings, U32(elf, aux, fileName), fileName));
                entry += U32(elf, entry + 16, fileName);
            }
        }
        return result;
    }

    /// <summary>
    /// The dynamic symbols whose entry in <c>.gnu.version</c> is <paramref name="versionIndex"/> (see <see cref="VersionNeed.Index"/>),
    /// each with whether a relocation refers to it. A symbol that no relocation names is never bound, so nothing calls it.
    /// </summary>
    public static IReadOnlyList<DynamicSymbol> SymbolsOfVersion(ReadOnlySpan<byte> elf, ushort versionIndex, string fileName)
    {
        var sections = Sections(elf, fileName);
        int versymIndex = sections.FindIndex(s => s.Type == ShtGnuVersym);
        if (versymIndex < 0)
            return [];
        var versions = sections[versymIndex];
        var symbols = Linked(sections, versions, ShtDynsym, fileName);
        var strings = Linked(sections, symbols, ShtStrtab, fileName);
        long count = symbols.Size / SymbolSize;
        if (symbols.Size % SymbolSize != 0 || versions.Size != count * 2)
            throw Malformed(fileName, "its .gnu.version and .dynsym sections do not describe the same number of symbols");

        var carrying = new SortedDictionary<uint, string>();
        for (uint i = 0; i < count; i++)
            if ((U16(elf, versions.Offset + 2L * i, fileName) & 0x7fff) == versionIndex)
                carrying[i] = String(elf, strings, U32(elf, symbols.Offset + SymbolSize * (long)i, fileName), fileName);

        var referenced = new HashSet<uint>();
        int dynsymIndex = (int)versions.Link;
        foreach (var relocations in sections.Where(s => s.Type is ShtRela or ShtRel && s.Link == dynsymIndex))
        {
            int entrySize = relocations.Type == ShtRela ? 24 : 16;
            if (relocations.Size % entrySize != 0)
                throw Malformed(fileName, "a relocation section's size is not a whole number of entries");
            for (long at = relocations.Offset; at < relocations.Offset + relocations.Size; at += entrySize)
            {
                uint symbol = (uint)(U64(elf, at + 8, fileName) >> 32);
                if (symbol >= count)
                    throw Malformed(fileName, $"a relocation refers to symbol {symbol} of {count}");
                referenced.Add(symbol);
            }
        }
        return carrying.Select(s => new DynamicSymbol(s.Value, referenced.Contains(s.Key))).ToList();
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

    /// <summary>The section headers, each checked to lie inside the file.</summary>
    static List<Section> Sections(ReadOnlySpan<byte> elf, string fileName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new NativeSetupException($"{fileName} is not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new NativeSetupException($"{fileName} is not a 64-bit little-endian ELF file.");
        ulong tableOffset = U64(elf, 0x28, fileName);
        int entrySize = U16(elf, 0x3A, fileName), count = U16(elf, 0x3C, fileName);
        if (count == 0)
            throw Malformed(fileName, "it has no section headers (e_shnum = 0), so its symbol versions cannot be checked");
        if (entrySize < SectionHeaderSize || tableOffset > (ulong)elf.Length || (ulong)count * (ulong)entrySize > (ulong)elf.Length - tableOffset)
            throw Malformed(fileName, "its section header table lies outside the file");
        var sections = new List<Section>(count);
        for (int i = 0; i < count; i++)
        {
            long at = (long)tableOffset + (long)i * entrySize;
            var section = new Section(U32(elf, at + 4, fileName), (long)Math.Min(U64(elf, at + 24, fileName), (ulong)long.MaxValue),
                (long)Math.Min(U64(elf, at + 32, fileName), (ulong)long.MaxValue), U32(elf, at + 40, fileName), U32(elf, at + 44, fileName));
            if (section.Type != ShtNobits && (section.Offset > elf.Length || section.Size > elf.Length - section.Offset))
                throw Malformed(fileName, $"section {i} lies outside the file");
            sections.Add(section);
        }
        return sections;
    }

    /// <summary>The section that <paramref name="section"/>'s <c>sh_link</c> names, which must exist and be of type <paramref name="type"/>.</summary>
    static Section Linked(List<Section> sections, Section section, uint type, string fileName)
    {
        if (section.Link >= sections.Count)
            throw Malformed(fileName, $"a section links to section {section.Link}, but there are only {sections.Count}");
        var linked = sections[(int)section.Link];
        if (linked.Type != type)
            throw Malformed(fileName, $"a section links to section {section.Link}, which has the wrong type");
        return linked;
    }

    /// <summary>A version section's <c>sh_info</c> counts its entries, which must fit in the section.</summary>
    static void CheckEntryCount(Section section, int entrySize, string fileName)
    {
        if (section.Info > section.Size / entrySize)
            throw Malformed(fileName, $"a version section claims {section.Info} entries in {section.Size} bytes");
    }

    static string String(ReadOnlySpan<byte> elf, Section table, uint offset, string fileName)
    {
        if (offset >= table.Size) throw Malformed(fileName, "a name lies outside its string table");
        var rest = elf.Slice((int)(table.Offset + offset), (int)(table.Size - offset));
        int end = rest.IndexOf((byte)0);
        if (end < 0) throw Malformed(fileName, "a name in its string table is not terminated");
        return Encoding.ASCII.GetString(rest[..end]);
    }

    static ushort U16(ReadOnlySpan<byte> elf, long at, string fileName) =>
        at >= 0 && at + 2 <= elf.Length ? BinaryPrimitives.ReadUInt16LittleEndian(elf[(int)at..]) : throw Truncated(fileName);

    static uint U32(ReadOnlySpan<byte> elf, long at, string fileName) =>
        at >= 0 && at + 4 <= elf.Length ? BinaryPrimitives.ReadUInt32LittleEndian(elf[(int)at..]) : throw Truncated(fileName);

    static ulong U64(ReadOnlySpan<byte> elf, long at, string fileName) =>
        at >= 0 && at + 8 <= elf.Length ? BinaryPrimitives.ReadUInt64LittleEndian(elf[(int)at..]) : throw Truncated(fileName);

    static NativeSetupException Truncated(string fileName) =>
        new($"{fileName} has a truncated or malformed ELF symbol-version table.");

    static NativeSetupException Malformed(string fileName, string reason) =>
        new($"{fileName} is a malformed ELF file: {reason}.");
}
