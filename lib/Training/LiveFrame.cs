using System.Globalization;

namespace NirNet.Training;

/// <summary>What a live training view shows at one moment; in a notebook, as HTML: its text, then its chart.</summary>
[TypeFormatterSource(typeof(NotebookFormatters))]
public sealed class LiveFrame : IHtmlDisplay
{
    readonly string? chartHtml;

    internal LiveFrame(string text, string? chartHtml)
    {
        Text = text;
        this.chartHtml = chartHtml;
    }

    /// <summary>
    /// While training, the progress line (epoch, runs, best validation loss so far, time taken and to go); in the final
    /// frame, the progress lines that training prints without a live view, without times (one line each).
    /// </summary>
    public string Text { get; }

    /// <summary>Whether this is the final frame, shown once training has ended: its text only, no chart.</summary>
    public bool IsFinal => chartHtml is null;

    /// <summary>The text as preformatted lines, then, while training, the validation loss of every run so far.</summary>
    public string ToHtml() => $"<pre style=\"margin:0\">{Html.Encode(Text)}</pre>{chartHtml}";

    /// <inheritdoc />
    public override string ToString() => Text;
}
