using System.Text.RegularExpressions;

namespace NirNet.Tests;

/// <summary>
/// Each chapter stays readable, measured on its .dib source: no markdown cell over 300 words, no code cell over 20
/// non-blank lines, a core chapter within 2,200 words of prose and 8 short claims, and no text about the text's history.
/// Issue numbers are checked by <see cref="DocumentTests"/>.
/// </summary>
public sealed class ChapterLimitsTests
{
    public static TheoryData<string> AllChapters => new(Notebooks.Names);

    [Theory]
    [MemberData(nameof(AllChapters))]
    public void Chapter_stays_within_the_reading_limits(string name)
    {
        var violations = ChapterLimits.Violations(name, File.ReadAllText(Notebooks.Source(name)));

        Assert.True(violations.Count == 0, $"{name} ({ChapterLimits.Measure(name, File.ReadAllText(Notebooks.Source(name)))}):\n  "
            + string.Join("\n  ", violations));
    }

    const string Tiny = """
        #!meta

        {"kernelInfo":{}}

        #!markdown

        # Title

        [← Previous](00-setup.ipynb) | [Contents](../README.md#contents) | [Next →](02-x.ipynb)

        Three words here.

        #!csharp

        var a = 1;

        var b = Claim.Check("two-lines", "a is one",
            a == 1, $"a = {(a > 0 ? "positive (one)" : "zero")}");

        #!markdown

        ## Going further

        Not counted at all.

        #!markdown

        ## Summary

        Five words in this cell.
        """;

    [Fact]
    public void The_measure_counts_words_lines_and_claims_as_defined()
    {
        var cells = ChapterLimits.Cells(Tiny);

        Assert.Equal(["markdown", "csharp", "markdown", "markdown"], cells.Select(c => c.Kind));
        Assert.Equal(3, ChapterLimits.NonBlankLines(cells[1].Text));
        Assert.Equal([2], ChapterLimits.ClaimCallLines(cells[1].Text));
        // Title (2) + intro (3) + summary (2 + 5); the navigation line and the Going further section are not counted.
        Assert.Equal(12, ChapterLimits.ProseWords(cells));
        Assert.Empty(ChapterLimits.Violations("01-x.dib", Tiny));
    }

    [Fact]
    public void Each_limit_is_reported_with_its_cell_and_count()
    {
        string longCell = string.Join(" ", Enumerable.Repeat("word", 301));
        string longCode = string.Join("\n", Enumerable.Range(1, 21).Select(i => $"var x{i} = {i};"));
        string longClaim = "Claim.Check(\"long\", \"a statement\",\n  1 == 1,\n  \"a\"\n  + \"b\"\n  + \"c\");";
        string nineClaims = string.Join("\n", Enumerable.Range(1, 9).Select(i => $"Claim.Check(\"c{i}\", \"s\", true, \"e\");"));
        string dib = $"#!meta\n\n{{}}\n\n#!markdown\n\n{longCell}\n\n#!csharp\n\n{longCode}\n\n#!csharp\n\n{longClaim}\n\n"
            + $"#!csharp\n\n{nineClaims}\n\n#!markdown\n\nAs an earlier version of this chapter said.\n";

        var violations = ChapterLimits.Violations("05-x.dib", dib);

        Assert.Contains("cell 0: markdown cell of 301 words (limit 300)", violations);
        Assert.Contains("cell 1: code cell of 21 non-blank lines (limit 20)", violations);
        Assert.Contains("cell 2: Claim.Check call of 5 lines (limit 4)", violations);
        Assert.Contains("10 Claim.Check calls (limit 8 in a core chapter)", violations);
        Assert.Contains("cell 4: text about the text's history (\"an earlier version\")", violations);
        Assert.DoesNotContain(violations, v => v.Contains("words of prose", StringComparison.Ordinal));
        Assert.Equal(5, violations.Count);
    }

    [Fact]
    public void The_deep_dive_has_no_word_or_claim_limit_but_keeps_the_cell_limits()
    {
        string prose = string.Join("\n\n#!markdown\n\n", Enumerable.Repeat(string.Join(" ", Enumerable.Repeat("w", 250)), 10));
        string claims = string.Join("\n", Enumerable.Range(1, 9).Select(i => $"Claim.Check(\"c{i}\", \"s\", true, \"e\");"));
        string dib = $"#!markdown\n\n{prose}\n\n#!csharp\n\n{claims}\n";

        Assert.Contains("2500 words of prose (limit 2200 in a core chapter)", ChapterLimits.Violations("04-x.dib", dib));
        Assert.Empty(ChapterLimits.Violations("03-x.dib", dib));
        Assert.NotEmpty(ChapterLimits.Violations("03-x.dib", dib.Replace("c9\", \"s\", true, \"e\");",
            "c9\", \"s\",\ntrue,\n\"e\",\n1,\n2);", StringComparison.Ordinal)));
    }
}

/// <summary>The reading limits of a chapter, measured on its .dib source.</summary>
internal static partial class ChapterLimits
{
    public const int MarkdownCellWords = 300, CodeCellLines = 20, ChapterWords = 2200, Claims = 8, ClaimLines = 4;

    /// <summary>Phrases that give away text about the text's own history.</summary>
    static readonly string[] HistoryPhrases =
    [
        "an earlier version", "a previous version", "earlier versions of", "an earlier draft", "this chapter used to",
        "this chapter previously", "previously reported", "previously said", "was corrected", "we originally",
    ];

    /// <summary>The chapter without a word or claim limit: the optional deep dive.</summary>
    public static bool IsCore(string name) => !Path.GetFileName(name).StartsWith("03-", StringComparison.Ordinal);

    /// <summary>The cells of a .dib after its <c>#!meta</c> cell, in order — index i is the .ipynb's cell i.</summary>
    public static List<(string Kind, string Text)> Cells(string dib) =>
        CellMarker().Split(dib.ReplaceLineEndings("\n")).Skip(1).Chunk(2)
            .Select(pair => (Kind: pair[0], Text: pair.Length > 1 ? pair[1].Trim('\n') : ""))
            .Where(c => c.Kind != "meta").ToList();

    public static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    public static int NonBlankLines(string text) => text.Split('\n').Count(l => l.Trim().Length > 0);

    static bool IsNavigationLine(string line) => line.Contains("(../README.md#contents)", StringComparison.Ordinal);

    /// <summary>Words of markdown, without navigation-link lines and without the "## Going further" section.</summary>
    public static int ProseWords(List<(string Kind, string Text)> cells)
    {
        int words = 0;
        bool goingFurther = false;
        foreach (var (kind, text) in cells.Where(c => c.Kind == "markdown"))
        {
            string start = text.TrimStart();
            if (start.StartsWith("## ", StringComparison.Ordinal))
                goingFurther = start.StartsWith("## Going further", StringComparison.Ordinal);
            if (goingFurther) continue;
            words += text.Split('\n').Where(l => !IsNavigationLine(l)).Sum(Words);
        }
        return words;
    }

    /// <summary>The number of lines each <c>Claim.Check(</c> call in a code cell spans, to its closing parenthesis.</summary>
    public static List<int> ClaimCallLines(string code)
    {
        var lines = new List<int>();
        foreach (Match call in ClaimCall().Matches(code))
        {
            int end = ClosingParenthesis(code, call.Index + call.Length - 1);
            lines.Add(code[call.Index..(end + 1)].Count(c => c == '\n') + 1);
        }
        return lines;
    }

    /// <summary>The index of the parenthesis closing the one at <paramref name="open"/>, skipping string and character
    /// literals (and the code inside interpolation holes).</summary>
    static int ClosingParenthesis(string code, int open)
    {
        int depth = 0;
        for (int i = open; i < code.Length; i++)
        {
            char c = code[i];
            if (c == '"' || c == '\'') i = EndOfLiteral(code, i);
            else if (c == '/' && i + 1 < code.Length && code[i + 1] == '/') { int nl = code.IndexOf('\n', i); i = nl < 0 ? code.Length : nl - 1; }
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
        }
        throw new FormatException($"Claim.Check call at {open} has no closing parenthesis.");
    }

    /// <summary>The index of the quote ending the literal whose opening quote is at <paramref name="start"/>.</summary>
    static int EndOfLiteral(string code, int start)
    {
        char quote = code[start];
        int p = start;
        while (p > 0 && start - p < 2 && code[p - 1] is '$' or '@') p--;
        string prefix = code[p..start];
        bool verbatim = prefix.Contains('@'), interpolated = prefix.Contains('$');
        for (int i = start + 1; i < code.Length; i++)
        {
            char c = code[i];
            if (c == '\\' && !verbatim) i++;
            else if (verbatim && c == quote && i + 1 < code.Length && code[i + 1] == quote) i++;
            else if (c == quote) return i;
            else if (interpolated && c == '{')
            {
                if (i + 1 < code.Length && code[i + 1] == '{') { i++; continue; }
                int braces = 1;
                for (i++; i < code.Length && braces > 0; i++)
                {
                    if (code[i] == '"' || code[i] == '\'') i = EndOfLiteral(code, i);
                    else if (code[i] == '{') braces++;
                    else if (code[i] == '}') braces--;
                }
                i--;
            }
        }
        return code.Length - 1;
    }

    /// <summary>Every limit the chapter breaks, each with its cell (the .ipynb's 0-based index) and its count.</summary>
    public static List<string> Violations(string name, string dib)
    {
        var cells = Cells(dib);
        var violations = new List<string>();
        int claims = 0;
        for (int i = 0; i < cells.Count; i++)
        {
            var (kind, text) = cells[i];
            if (kind == "markdown" && Words(text) > MarkdownCellWords)
                violations.Add($"cell {i}: markdown cell of {Words(text)} words (limit {MarkdownCellWords})");
            if (kind != "markdown" && NonBlankLines(text) > CodeCellLines)
                violations.Add($"cell {i}: code cell of {NonBlankLines(text)} non-blank lines (limit {CodeCellLines})");
            if (kind != "markdown")
            {
                var calls = ClaimCallLines(text);
                claims += calls.Count;
                foreach (int lines in calls.Where(l => l > ClaimLines))
                    violations.Add($"cell {i}: Claim.Check call of {lines} lines (limit {ClaimLines})");
            }
            foreach (string phrase in HistoryPhrases.Where(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))
                violations.Add($"cell {i}: text about the text's history (\"{phrase}\")");
        }
        if (IsCore(name))
        {
            int words = ProseWords(cells);
            if (words > ChapterWords) violations.Add($"{words} words of prose (limit {ChapterWords} in a core chapter)");
            if (claims > Claims) violations.Add($"{claims} Claim.Check calls (limit {Claims} in a core chapter)");
        }
        return violations;
    }

    /// <summary>The chapter's measures in one line: prose words, longest markdown cell, longest code cell, claims.</summary>
    public static string Measure(string name, string dib)
    {
        var cells = Cells(dib);
        var markdown = cells.Where(c => c.Kind == "markdown").Select(c => Words(c.Text)).DefaultIfEmpty(0);
        var code = cells.Where(c => c.Kind != "markdown").ToList();
        var calls = code.SelectMany(c => ClaimCallLines(c.Text)).ToList();
        return $"{ProseWords(cells)} words of prose{(IsCore(name) ? "" : " (deep dive, not limited)")}, longest markdown cell "
            + $"{markdown.Max()} words, longest code cell {code.Select(c => NonBlankLines(c.Text)).DefaultIfEmpty(0).Max()} "
            + $"non-blank lines, {calls.Count} Claim.Check calls, longest {calls.DefaultIfEmpty(0).Max()} lines";
    }

    [GeneratedRegex(@"^#!(\w+)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex CellMarker();

    [GeneratedRegex(@"\bClaim\.Check\s*\(")]
    private static partial Regex ClaimCall();
}
