using System.Globalization;
using System.Text;

namespace NirNet.Models;

/// <summary>
/// A saved model's predictions for new spectra (chapter 8): one value per sample, in the target's units, with the samples'
/// ids in the order of the spectra.
/// </summary>
public sealed class Predictions
{
    internal Predictions(string idHeader, string[] sampleIds, float[] values, string targetName, string targetUnit)
    {
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

    /// <summary>The name of the predicted property, for example <c>fat</c>.</summary>
    public string TargetName { get; }

    /// <summary>Its unit, for example <c>%</c>.</summary>
    public string TargetUnit { get; }

    /// <summary>
    /// The predictions as CSV text: a header line <c>sample,fat (%)</c> (the id header, then the target's name and unit), then one
    /// line per sample. Values are written with '.' as the decimal point and as many digits as make them read back exactly.
    /// </summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        string label = TargetUnit.Length > 0 ? $"{TargetName} ({TargetUnit})" : TargetName;
        csv.Append(Field(IdHeader)).Append(',').Append(Field(label)).Append('\n');
        for (int i = 0; i < Values.Count; i++)
            csv.Append(Field(SampleIds[i])).Append(',').Append(Values[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        return csv.ToString();
    }

    /// <summary>A CSV field, in double quotes (a quote inside doubled) when it holds a comma, a quote or a line break.</summary>
    static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;

    /// <summary>How many samples, and their range.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Values.Count} predictions of {TargetName}, from {Values.Min():0.###} to {Values.Max():0.###}{(TargetUnit.Length > 0 ? " " : "")}{TargetUnit}");
}
