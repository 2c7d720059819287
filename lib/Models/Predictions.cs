using System.Globalization;
using System.Text;

namespace NirNet.Models;

/// <summary>
/// A saved model's predictions for new spectra (chapter 8): one value per sample, in the target's units, with the samples'
/// ids in the order of the spectra; for a <see cref="Committee"/>, the mean of its members' predictions and their spread.
/// </summary>
public sealed class Predictions
{
    internal Predictions(string idHeader, string[] sampleIds, float[] values, string targetName, string targetUnit, float[]? spread = null, int memberCount = 1)
    {
        Spread = spread;
        MemberCount = memberCount;
        IdHeader = idHeader;
        SampleIds = sampleIds;
        Values = values;
        TargetName = targetName;
        TargetUnit = targetUnit;
    }

    /// <summary>The header of the id column, as the spectra file named it; <c>sample</c> when the samples are numbered.</summary>
    public string IdHeader { get; }

    /// <summary>The samples' ids, in the order of the spectra.</summary>
    public IReadOnlyList<string> SampleIds { get; }

    /// <summary>The predicted values, in <see cref="TargetUnit"/>, in the order of <see cref="SampleIds"/>.</summary>
    public IReadOnlyList<float> Values { get; }

    /// <summary>
    /// For a committee, the members' spread per sample: the sample standard deviation of their predictions (divided by
    /// members − 1; 0 for a committee of one), in <see cref="TargetUnit"/>, in the order of <see cref="SampleIds"/>. Null for
    /// a single network's predictions.
    /// </summary>
    public IReadOnlyList<float>? Spread { get; }

    /// <summary>How many networks' predictions <see cref="Values"/> averages: 1 for a single network.</summary>
    public int MemberCount { get; }

    /// <summary>The name of the predicted property, for example <c>fat</c>.</summary>
    public string TargetName { get; }

    /// <summary>Its unit, for example <c>%</c>.</summary>
    public string TargetUnit { get; }

    /// <summary>
    /// The predictions as CSV text: a header line <c>sample,fat (%)</c> (the id header, then the target's name and unit), then one
    /// line per sample. Values are written with '.' as the decimal point and as many digits as make them read back exactly.
    /// With <paramref name="spread"/>, a committee's predictions get a third column, <c>spread of fat (%)</c>: <see cref="Spread"/>.
    /// </summary>
    /// <param name="spread">Add the members' spread; only a committee's predictions have one.</param>
    public string ToCsv(bool spread = false)
    {
        if (spread && Spread is null)
            throw new InvalidSettingException(nameof(spread), "these are a single network's predictions; only a committee's have a spread between members.");
        var csv = new StringBuilder();
        string unit = TargetUnit.Length > 0 ? $" ({TargetUnit})" : "";
        csv.Append(Field(IdHeader)).Append(',').Append(Field(TargetName + unit));
        if (spread) csv.Append(',').Append(Field($"spread of {TargetName}{unit}"));
        csv.Append('\n');
        for (int i = 0; i < Values.Count; i++)
        {
            csv.Append(Field(SampleIds[i])).Append(',').Append(Values[i].ToString(CultureInfo.InvariantCulture));
            if (spread) csv.Append(',').Append(Spread![i].ToString(CultureInfo.InvariantCulture));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>A CSV field, in double quotes (a quote inside doubled) when it holds a comma, a quote or a line break.</summary>
    static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;

    /// <summary>How many samples, and their range; for a committee, how many members and their largest spread.</summary>
    public override string ToString()
    {
        string unit = TargetUnit.Length > 0 ? " " + TargetUnit : "";
        string text = string.Create(CultureInfo.InvariantCulture, $"{Values.Count} predictions of {TargetName}, from {Values.Min():0.###} to {Values.Max():0.###}{unit}");
        return Spread is null ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text}; mean of {MemberCount} networks, spread up to {Spread.Max():0.###}{unit}");
    }
}
