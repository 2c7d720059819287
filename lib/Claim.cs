namespace NirNet;

/// <summary>
/// A statement a chapter makes about its own results, checked on the numbers it just computed: it shows as
/// "✔ statement (evidence)" and throws when the statement does not hold, so a chapter cannot silently contradict its text.
/// </summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class Claim : IHtmlDisplay
{
    Claim(string statement, string evidence)
    {
        Statement = statement;
        Evidence = evidence;
    }

    /// <summary>What the chapter says.</summary>
    public string Statement { get; }

    /// <summary>The numbers behind it.</summary>
    public string Evidence { get; }

    /// <summary>Checks <paramref name="holds"/>; returns the claim for display, or throws <see cref="ClaimFailedException"/>.</summary>
    public static Claim Check(string statement, bool holds, string evidence) =>
        holds ? new Claim(statement, evidence) : throw new ClaimFailedException($"The chapter's claim does not hold: {statement} ({evidence}).");

    /// <summary>"✔ statement (evidence)".</summary>
    public override string ToString() => $"✔ {Statement} ({Evidence})";

    string IHtmlDisplay.ToHtml() => $"<div>✔ {Html.Encode(Statement)} <span style=\"color:gray\">({Html.Encode(Evidence)})</span></div>";
}

/// <summary>A chapter's statement about its results turned out false on the numbers it computed.</summary>
public sealed class ClaimFailedException(string message) : NirNetException(message);
