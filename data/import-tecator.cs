#:package SharpCompress
// Imports the Tecator meat NIR dataset into data/tecator.csv (described in data/README.md; licence in data/tecator-LICENSE.txt).
//
// The source is the copy in the R package caret, as Debian packages it (r-cran-caret 6.0-93+dfsg-1 in Debian 12). R itself
// is not needed. On Debian or Ubuntu:
//
//     mkdir -p /tmp/tecator && cd /tmp/tecator
//     apt-get download r-cran-caret        # if it finds nothing, run `apt-get update` first
//     dpkg-deb -x r-cran-caret_*.deb x
//
// then, from the repository root:
//
//     dotnet run data/import-tecator.cs -- /tmp/tecator/x/usr/lib/R/site-library/caret/data/tecator.RData
//
// A second argument writes the CSV to another path instead of data/tecator.csv.
//
// tecator.RData is an xz-compressed R workspace: "RDX2\n", then R's serialization in format "X\n" (XDR, big-endian),
// version 2. SharpCompress (pinned in Directory.Packages.props) decompresses it, so the importer needs no xz program and
// runs the same on every system. The reader below understands only what this file holds — a pairlist of named objects,
// symbols and references to them, strings, and integer and double vectors with attributes — and stops with a message
// naming the byte offset at anything else. It is a one-off import tool, deliberately not part of the library.
//
// Output: one row per sample in the package's order; columns sample (1…215), moisture, fat, protein (%), then the 100
// absorbances at 850, 852, …, 1048 nm. Numbers are written with the invariant culture in .NET's shortest form that parses
// back to the same double, so the CSV holds exactly the values stored in the workspace. Lines end with "\n".
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SharpCompress.Compressors.Xz;

const int Samples = 215, Channels = 100, FirstWavelength = 850, WavelengthStep = 2;
string[] properties = ["moisture", "fat", "protein"]; // the columns of `endpoints`, in order (the help page: "water, fat and protein")

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: dotnet run data/import-tecator.cs -- <path to tecator.RData> [output csv]");
    return 2;
}
string input = args[0];
string output = args.Length == 2 ? args[1] : Path.Combine((string)AppContext.GetData("EntryPointFileDirectoryPath")!, "tecator.csv");

try
{
    if (!File.Exists(input))
        throw new ImportException("file not found; see the top of data/import-tecator.cs for how to get it.");
    byte[] compressed = File.ReadAllBytes(input);
    var objects = RWorkspace.Read(Decompress(compressed));
    var unexpected = objects.Keys.Except(["absorp", "endpoints"]).ToList();
    if (unexpected.Count > 0)
        throw new ImportException($"unexpected objects {string.Join(", ", unexpected)}; expected only absorp and endpoints.");
    double[,] absorbance = RWorkspace.Matrix(objects, "absorp", Samples, Channels);
    double[,] contents = RWorkspace.Matrix(objects, "endpoints", Samples, properties.Length);

    var csv = new StringBuilder("sample,").AppendJoin(',', properties);
    for (int j = 0; j < Channels; j++)
        csv.Append(',').Append(FirstWavelength + WavelengthStep * j);
    csv.Append('\n');
    for (int i = 0; i < Samples; i++)
    {
        csv.Append(i + 1);
        for (int k = 0; k < properties.Length; k++)
            csv.Append(',').Append(contents[i, k].ToString(CultureInfo.InvariantCulture));
        for (int j = 0; j < Channels; j++)
            csv.Append(',').Append(absorbance[i, j].ToString(CultureInfo.InvariantCulture));
        csv.Append('\n');
    }
    byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(csv.ToString());
    File.WriteAllBytes(output, bytes);

    Console.WriteLine($"Read {input} (SHA-256 {Convert.ToHexStringLower(SHA256.HashData(compressed))}).");
    Console.WriteLine($"Wrote {output}: {Samples} samples × {Channels} channels, {FirstWavelength}–{FirstWavelength + WavelengthStep * (Channels - 1)} nm.");
    Console.WriteLine(Range("absorbance", absorbance.Cast<double>(), ""));
    for (int k = 0; k < properties.Length; k++)
        Console.WriteLine(Range(properties[k], Enumerable.Range(0, Samples).Select(i => contents[i, k]), " %"));
    Console.WriteLine($"  SHA-256 of the CSV: {Convert.ToHexStringLower(SHA256.HashData(bytes))} (data/README.md records it)");
    return 0;
}
catch (ImportException e)
{
    Console.Error.WriteLine($"{input}: {e.Message}");
    return 1;
}

static byte[] Decompress(byte[] compressed)
{
    try
    {
        using var xz = new XZStream(new MemoryStream(compressed));
        using var plain = new MemoryStream();
        xz.CopyTo(plain);
        return plain.ToArray();
    }
    catch (Exception e)
    {
        throw new ImportException($"cannot decompress it as xz ({e.GetType().Name}: {e.Message}); expected caret's tecator.RData.");
    }
}

static string Range(string name, IEnumerable<double> values, string unit) =>
    string.Create(CultureInfo.InvariantCulture, $"  {name} from {values.Min()} to {values.Max()}{unit}");

/// <summary>A problem with the input file; the message says what was found and what was expected.</summary>
sealed class ImportException(string message) : Exception(message);

/// <summary>The R values this importer understands.</summary>
abstract record RValue(string Kind);

sealed record RNull() : RValue("NULL");

sealed record RSymbol(string Name) : RValue("a symbol");

sealed record RString(string? Text) : RValue("a string");

sealed record RPairList(IReadOnlyList<(string? Tag, RValue Value)> Items) : RValue("a pairlist");

sealed record RIntegers(int[] Values, IReadOnlyDictionary<string, RValue> Attributes) : RValue("an integer vector");

sealed record RDoubles(double[] Values, IReadOnlyDictionary<string, RValue> Attributes) : RValue("a double vector");

/// <summary>Reads an uncompressed R workspace (RDX2, XDR, serialization version 2) far enough for tecator.RData.</summary>
sealed class RWorkspace
{
    // SEXP type codes and flag bits of R's serialization (R Internals, "Serialization formats"; src/main/serialize.c).
    const int SymbolType = 1, PairListType = 2, StringType = 9, IntegerType = 13, DoubleType = 14;
    const int ReferenceType = 255, NilType = 254;
    const int ObjectBit = 1 << 8, AttributesBit = 1 << 9, TagBit = 1 << 10;

    readonly byte[] bytes;
    readonly List<RSymbol> references = [];
    int position;

    RWorkspace(byte[] bytes) => this.bytes = bytes;

    /// <summary>The workspace's objects by name.</summary>
    public static IReadOnlyDictionary<string, RValue> Read(byte[] bytes)
    {
        var reader = new RWorkspace(bytes);
        reader.Expect("RDX2\n", "an R workspace saved by save() (magic RDX2)");
        reader.Expect("X\n", "the XDR (big-endian binary) serialization format");
        int version = reader.ReadInt();
        if (version != 2)
            throw new ImportException($"serialization version {version}; this importer reads version 2 (as in r-cran-caret 6.0-93).");
        reader.ReadInt(); // the R version that wrote the file
        reader.ReadInt(); // the oldest R version that can read it
        var root = reader.ReadItem();
        if (reader.position != bytes.Length)
            throw new ImportException($"{bytes.Length - reader.position} bytes left after the workspace ended at byte {reader.position}.");
        if (root is not RPairList list)
            throw new ImportException($"the workspace is {root.Kind}, expected a pairlist of named objects.");
        var objects = new Dictionary<string, RValue>(StringComparer.Ordinal);
        foreach (var (tag, value) in list.Items)
        {
            if (tag is null)
                throw new ImportException("the workspace holds an object without a name.");
            if (!objects.TryAdd(tag, value))
                throw new ImportException($"the workspace holds two objects named '{tag}'.");
        }
        return objects;
    }

    /// <summary>The named object as a rows × columns matrix, checked: a double vector whose only attribute is dim, every value finite.</summary>
    public static double[,] Matrix(IReadOnlyDictionary<string, RValue> objects, string name, int rows, int columns)
    {
        if (!objects.TryGetValue(name, out var value))
            throw new ImportException($"no object '{name}'; the workspace holds {string.Join(", ", objects.Keys)}.");
        if (value is not RDoubles doubles)
            throw new ImportException($"'{name}' is {value.Kind}, expected a matrix of doubles.");
        if (doubles.Attributes.Keys.FirstOrDefault(a => a != "dim") is string other)
            throw new ImportException($"'{name}' has the attribute '{other}'; expected a plain matrix whose only attribute is dim.");
        if (!doubles.Attributes.TryGetValue("dim", out var dim) || dim is not RIntegers { Values: [int r, int c] })
            throw new ImportException($"'{name}' has no dim attribute of two integers, so it is not a matrix.");
        if (r != rows || c != columns || doubles.Values.Length != r * c)
            throw new ImportException($"'{name}' is {r} × {c} with {doubles.Values.Length} values; expected {rows} × {columns}.");
        var matrix = new double[rows, columns];
        for (int j = 0; j < columns; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                double x = doubles.Values[i + rows * j]; // R stores matrices column by column
                if (!double.IsFinite(x))
                    throw new ImportException($"'{name}' row {i + 1}, column {j + 1} is NA or not finite ({x}).");
                matrix[i, j] = x;
            }
        }
        return matrix;
    }

    RValue ReadItem()
    {
        int at = position;
        int flags = ReadInt();
        int type = flags & 0xFF;
        return type switch
        {
            NilType => ReadNull(flags, at),
            ReferenceType => ReadReference(flags, at),
            SymbolType => ReadSymbol(flags, at),
            PairListType => ReadPairList(flags, at),
            StringType => ReadString(flags, at),
            IntegerType => new RIntegers(ReadVector(at, 4, offset => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset))), ReadAttributes(flags)),
            DoubleType => new RDoubles(ReadVector(at, 8, offset => BinaryPrimitives.ReadDoubleBigEndian(bytes.AsSpan(offset))), ReadAttributes(flags)),
            _ => throw Unexpected(at, $"an object of SEXP type {type}; this importer reads only pairlists, symbols, strings, integer and double vectors."),
        };
    }

    RNull ReadNull(int flags, int at) =>
        flags == NilType ? new RNull() : throw Unexpected(at, $"NULL with flags 0x{flags:x}.");

    RSymbol ReadReference(int flags, int at)
    {
        int index = flags >> 8;
        if (index == 0) index = ReadInt();
        if (index < 1 || index > references.Count)
            throw Unexpected(at, $"a reference to object {index}, but only {references.Count} referable objects were read before it.");
        return references[index - 1];
    }

    RSymbol ReadSymbol(int flags, int at)
    {
        if (flags != SymbolType)
            throw Unexpected(at, $"a symbol with flags 0x{flags:x} (attributes or a tag on a symbol).");
        var name = ReadItem();
        if (name is not RString { Text: string text })
            throw Unexpected(at, $"a symbol whose name is {name.Kind} rather than a string.");
        var symbol = new RSymbol(text);
        references.Add(symbol);
        return symbol;
    }

    /// <summary>A pairlist: each node has an optional tag (a symbol) and a value; the last node's tail is NULL.</summary>
    RPairList ReadPairList(int flags, int at)
    {
        var items = new List<(string?, RValue)>();
        while (true)
        {
            if ((flags & (AttributesBit | ObjectBit)) != 0)
                throw Unexpected(at, "a pairlist node with attributes; this importer reads plain pairlists only.");
            string? tag = null;
            if ((flags & TagBit) != 0)
            {
                int tagAt = position;
                tag = ReadItem() is RSymbol symbol ? symbol.Name : throw Unexpected(tagAt, "a pairlist tag that is not a symbol.");
            }
            items.Add((tag, ReadItem()));
            at = position;
            flags = ReadInt();
            if (flags == NilType) return new RPairList(items);
            if ((flags & 0xFF) != PairListType)
                throw Unexpected(at, $"a pairlist whose tail is SEXP type {flags & 0xFF}, neither NULL nor another node.");
        }
    }

    /// <summary>A CHARSXP: a length (−1 for NA) and that many bytes; the names in tecator.RData are ASCII.</summary>
    RString ReadString(int flags, int at)
    {
        if ((flags & (AttributesBit | ObjectBit | TagBit)) != 0)
            throw Unexpected(at, $"a string with flags 0x{flags:x} (attributes or a tag on a string).");
        int length = ReadInt();
        if (length == -1) return new RString(null);
        Need(at, length, 1);
        var span = bytes.AsSpan(position, length);
        if (!Ascii.IsValid(span))
            throw Unexpected(at, "a string that is not ASCII; the names in tecator.RData are ASCII.");
        position += length;
        return new RString(Encoding.ASCII.GetString(span));
    }

    T[] ReadVector<T>(int at, int size, Func<int, T> element)
    {
        int length = ReadInt();
        if (length < 0)
            throw Unexpected(at, $"a vector of length {length} (a long vector, over 2^31 elements); tecator's are short.");
        Need(at, length, size);
        var values = new T[length];
        for (int k = 0; k < length; k++)
            values[k] = element(position + size * k);
        position += size * length;
        return values;
    }

    /// <summary>A vector's attributes: a pairlist of tagged values, present when the attributes bit is set.</summary>
    IReadOnlyDictionary<string, RValue> ReadAttributes(int flags)
    {
        var attributes = new Dictionary<string, RValue>(StringComparer.Ordinal);
        if ((flags & AttributesBit) == 0) return attributes;
        int at = position;
        if (ReadItem() is not RPairList list)
            throw Unexpected(at, "attributes that are not a pairlist.");
        foreach (var (tag, value) in list.Items)
        {
            if (tag is null || !attributes.TryAdd(tag, value))
                throw Unexpected(at, $"an attribute without a name or named twice ('{tag}').");
        }
        return attributes;
    }

    void Expect(string magic, string meaning)
    {
        byte[] expected = Encoding.ASCII.GetBytes(magic);
        if (!bytes.AsSpan(position).StartsWith(expected))
            throw Unexpected(position, $"something other than {meaning}: expected the bytes \"{magic.ReplaceLineEndings("\\n")}\".");
        position += expected.Length;
    }

    int ReadInt()
    {
        Need(position, 1, 4);
        int value = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position));
        position += 4;
        return value;
    }

    void Need(int at, int count, int size)
    {
        if ((long)count * size > bytes.Length - position)
            throw Unexpected(at, $"{count} × {size} bytes to read, but only {bytes.Length - position} are left: the file is truncated.");
    }

    static ImportException Unexpected(int at, string what) =>
        new($"at byte {at} of the decompressed workspace: found {what}");
}
