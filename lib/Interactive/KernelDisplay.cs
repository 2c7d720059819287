using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using NirNet.Training;

namespace NirNet.Interactive;

/// <summary>
/// The live training view's display on the notebook kernel: one HTML output of the running cell, shown at the first frame
/// and replaced in place at every later one (<see cref="DisplayedValue.Update"/>). <see cref="Setup.Initialize"/> loads this
/// assembly when it runs in a kernel, and each training call opens one display with <see cref="Open"/>.
/// </summary>
public sealed class KernelDisplay : ILiveDisplay
{
    readonly KernelInvocationContext context;
    DisplayedValue? shown;

    KernelDisplay(KernelInvocationContext context) => this.context = context;

    /// <summary>A display in the cell that is running; null when no cell is (for example, training on another thread).</summary>
    public static ILiveDisplay? Open() => KernelInvocationContext.Current is { } context ? new KernelDisplay(context) : null;

    /// <summary>
    /// Shows an HTML fragment as an output of the cell that is running, as it is (no encoding); false when no cell is.
    /// <see cref="Setup.Initialize"/> sends the page its copy of plotly.js this way.
    /// </summary>
    public static bool ShowHtml(string html)
    {
        if (KernelInvocationContext.Current is not { } context)
            return false;
        context.DisplayAs(html, HtmlFormatter.MimeType);
        return true;
    }

    /// <inheritdoc />
    public void Show(LiveFrame frame)
    {
        if (shown is null)
            shown = context.Display(frame, HtmlFormatter.MimeType);
        else
            shown.Update(frame);
    }
}
