using System.Globalization;

namespace NirNet.Data;

/// <summary>
/// Values that cannot make a <see cref="SpectralAxis"/>: <see cref="Problem"/> says what is wrong, <see cref="Position"/>
/// where (the 0-based position of the first bad value, when there is one).
/// </summary>
public sealed class SpectralAxisException : NirNetException
{
    /// <summary>Creates the exception.</summary>
    public SpectralAxisException(SpectralAxisProblem problem, int? position, string message) : base(message)
    {
        Problem = problem;
        Position = position;
    }

    /// <summary>What is wrong.</summary>
    public SpectralAxisProblem Problem { get; }

    /// <summary>The 0-based position of the first bad value; null when the axis is empty.</summary>
    public int? Position { get; }
}
