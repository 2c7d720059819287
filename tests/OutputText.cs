using System.Text.RegularExpressions;

namespace NirNet.Tests;

/// <summary>Reading numbers and text out of a notebook's HTML outputs.</summary>
internal static class OutputText
{
    public static string Decode(string html) => System.Net.WebUtility.HtmlDecode(html);

    public static double Number(string text, string pattern)
    {
        var match = Regex.Match(Decode(text), pattern);
        Assert.True(match.Success, $"no match for {pattern} in: {text}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
