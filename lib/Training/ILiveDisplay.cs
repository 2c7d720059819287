using System.Globalization;

namespace NirNet.Training;

/// <summary>
/// Where a live training view is drawn: in a notebook, one output of the running cell that each <see cref="Show"/>
/// replaces in place. NirNet.Interactive implements it on the notebook kernel; <see cref="Setup.Initialize"/> connects it.
/// </summary>
public interface ILiveDisplay
{
    /// <summary>Shows <paramref name="frame"/>: the first call shows the display, later calls replace what it shows.</summary>
    void Show(LiveFrame frame);
}
