using System.Text.RegularExpressions;

namespace NirNet;

/// <summary>
/// A statement a chapter makes about its own results, checked on the numbers it just computed: it shows as
/// "✔ statement (evidence)" and throws when the statement does not hold, so a chapter cannot silently contradict its text.
/// Each claim has a short id, unique in its chapter, by which the tests find it among the chapter's outputs.
/// </summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed partial class Claim : IHtmlDisplay
{
    Claim(string id, string statement, string evidence)
    {
        Id = id;
        Statement = statement;
        Evidence = evidence;
    }

    /// <summary>The claim's id: lower-case words joined by hyphens, such as <c>relu-reaches-0.1-first</c>.</summary>
    public string Id { get; }

    /// <summary>What the chapter says.</summary>
    public string Statement { get; }

    /// <summary>The numbers behind it.</summary>
    public string Evidence { get; }

    /// <summary>Checks <paramref name="holds"/>; returns the claim for display, or throws <see cref="ClaimFailedException"/>.</summary>
    /// <param name="id">Lower-case words, digits and dots joined by hyphens; unique within the chapter.</param>
    /// <param name="statement">What the chapter says, as the reader should read it.</param>
    /// <param name="holds">Whether the numbers support it.</param>
    /// <param name="evidence">The numbers, shown after the statement.</param>
    public static Claim Check(string id, string statement, bool holds, string evidence)
    {
        if (id is null || !IdPattern().IsMatch(id))
            throw new InvalidSettingException(nameof(id), $"must be lower-case words joined by hyphens, such as \"relu-first\"; got \"{id}\".");
        return holds ? new Claim(id, statement, evidence)
            : throw new ClaimFailedException($"The chapter's claim {id} does not hold: {statement} ({evidence}).");
    }

    [GeneratedRegex("^[a-z0-9.]+(-[a-z0-9.]+)*$")]
    private static partial Regex IdPattern();

    /// <summary>"✔ statement (evidence)".</summary>
    public override string ToString() => $"✔ {Statement} ({Evidence})";

    string IHtmlDisplay.ToHtml() =>
        $"<div class=\"claim\" data-claim=\"{Html.Encode(Id)}\">✔ {Html.Encode(Statement)} " +
        $"<span style=\"color:gray\">({Html.Encode(Evidence)})</span></div>";
}

/// <summary>A chapter's statement about its results turned out false on the numbers it computed.</summary>
public sealed class ClaimFailedException(string message) : NirNetException(message);
