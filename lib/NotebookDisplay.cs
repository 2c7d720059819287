namespace NirNet;

/// <summary>
/// The notebook kernel finds formatters through an attribute of this exact name (a convention of .NET Interactive,
/// matched by name so the library needs no reference to the kernel). Types marked with it show as HTML in a notebook.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[] PreferredMimeTypes { get; set; } = ["text/html"];
}

/// <summary>A value that knows how to show itself as a small HTML fragment in a notebook.</summary>
internal interface IHtmlDisplay
{
    string ToHtml();
}

/// <summary>The formatters the kernel asks for, by convention: one for HTML, one for plain text.</summary>
internal sealed class NotebookFormatters
{
    public IEnumerable<object> CreateTypeFormatters() => [new Formatter("text/html"), new Formatter("text/plain")];

    sealed class Formatter(string mimeType)
    {
        public string MimeType { get; } = mimeType;

        public bool Format(object instance, TextWriter writer)
        {
            writer.Write(MimeType == "text/html" && instance is IHtmlDisplay html ? html.ToHtml() : instance.ToString());
            return true;
        }
    }
}

/// <summary>Small helpers to write tables as HTML and as aligned text.</summary>
internal static class Html
{
    public static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    public static string Table(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows, string? caption = null)
    {
        var text = new System.Text.StringBuilder("<table>");
        if (caption is not null) text.Append($"<caption>{Encode(caption)}</caption>");
        text.Append("<thead><tr>").AppendJoin("", header.Select(h => $"<th>{Encode(h)}</th>")).Append("</tr></thead><tbody>");
        foreach (var row in rows)
            text.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{Encode(c)}</td>")).Append("</tr>");
        return text.Append("</tbody></table>").ToString();
    }

    public static string Text(string[] header, IEnumerable<string[]> rows)
    {
        var all = new[] { header }.Concat(rows).ToList();
        int[] widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        return string.Join('\n', all.Select(r => string.Join("  ", r.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()));
    }
}
