using System.Globalization;
using NirNet.Data;

namespace NirNet.Models;

/// <summary>
/// A committee of trained networks (chapter 8): it predicts the mean of its members' predictions and reports their spread per
/// sample (the sample standard deviation of the members' predictions), which tells where the members disagree. The members
/// share the spectral axis and the target; each keeps its own preprocessing and scalers, so networks trained on different
/// inputs can sit in one committee. <see cref="Save"/> writes it to a folder and <see cref="Load"/> reads it back, like a
/// single <see cref="TrainedModel"/>; <c>dotnet run predict.cs -- [--spread] folder spectra.csv</c> at the repository root uses it.
/// </summary>
public sealed class Committee
{
    Committee(IReadOnlyList<TrainedModel> members) => Members = members;

    /// <summary>
    /// The committee of <paramref name="members"/> (kept, not copied). They must predict the same target in the same unit
    /// from spectra on the same axis (within <see cref="TrainedModel.AxisTolerance"/>); otherwise an
    /// <see cref="InvalidSettingException"/> names the first member that differs. A committee of one predicts exactly as its member.
    /// </summary>
    /// <param name="members">The trained networks, at least one.</param>
    public static Committee Of(params IReadOnlyList<TrainedModel> members)
    {
        if (members.Count == 0)
            throw new InvalidSettingException(nameof(members), "a committee needs at least one trained network.");
        var first = members[0];
        for (int m = 0; m < members.Count; m++)
        {
            var member = members[m] ?? throw new InvalidSettingException(nameof(members), $"member {m + 1} is null.");
            if (member.TargetName != first.TargetName || member.TargetUnit != first.TargetUnit)
                throw new InvalidSettingException(nameof(members),
                    $"member {m + 1} predicts {Label(member)}, but member 1 predicts {Label(first)}; a committee averages predictions of one property.");
            bool sameAxis = member.WavelengthUnit == first.WavelengthUnit && member.Wavelengths.Count == first.Wavelengths.Count
                && member.Wavelengths.Zip(first.Wavelengths).All(p => Math.Abs(p.First - p.Second) <= TrainedModel.AxisTolerance * Math.Max(1, Math.Abs(p.Second)));
            if (!sameAxis)
                throw new InvalidSettingException(nameof(members), string.Create(CultureInfo.InvariantCulture,
                    $"member {m + 1} expects spectra on {AxisOf(member)}, but member 1 on {AxisOf(first)}; a committee's members share one axis."));
        }
        return new Committee([.. members]);
    }

    /// <summary>The member networks, in order.</summary>
    public IReadOnlyList<TrainedModel> Members { get; }

    /// <summary>The spectral axis the members expect, in <see cref="WavelengthUnit"/>.</summary>
    public IReadOnlyList<double> Wavelengths => Members[0].Wavelengths;

    /// <summary>The axis's unit: nm, cm⁻¹ or a column index.</summary>
    public SpectralAxisUnit WavelengthUnit => Members[0].WavelengthUnit;

    /// <summary>The spectral axis the members expect: values, unit and direction.</summary>
    public SpectralAxis Axis => Members[0].Axis;

    /// <summary>The name of the predicted property, for example <c>fat</c>.</summary>
    public string TargetName => Members[0].TargetName;

    /// <summary>Its unit, for example <c>%</c>.</summary>
    public string TargetUnit => Members[0].TargetUnit;

    /// <summary>
    /// The members' mean prediction for raw spectra, in the target's units, with their spread per sample
    /// (<see cref="Predictions.Spread"/>). The spectra must be on the members' axis, as for <see cref="TrainedModel.Predict(SpectralDataset)"/>.
    /// </summary>
    /// <param name="spectra">Raw spectra on the members' axis.</param>
    public Predictions Predict(SpectralDataset spectra) => Combine(Members.Select(m => m.Predict(spectra)).ToList());

    /// <summary>
    /// The members' mean prediction, with their spread, for the raw spectra of a CSV file, read as by
    /// <see cref="TrainedModel.PredictCsv"/> (once, for all members).
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="idColumn">The header of the ids' column; by default the first column when its header is not a wavelength, otherwise the samples are numbered from 1.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="decimalComma">Numbers use ',' as the decimal mark (with a <paramref name="separator"/> other than ',').</param>
    public Predictions PredictCsv(string path, string? idColumn = null, char separator = ',', bool decimalComma = false)
    {
        var table = SpectralCsv.ReadForPrediction(path, idColumn, separator, decimalComma);
        Members[0].CheckAxis(table.Wavelengths, table.WavelengthHeaders, Path.GetFileName(path), file: path);
        return Combine(Members.Select(m => m.Predict(table.Spectra, table.SampleIds, table.IdHeader ?? "sample")).ToList());
    }

    /// <summary>The mean and the sample standard deviation of the members' predictions, sample by sample, in double precision.</summary>
    Predictions Combine(IReadOnlyList<Predictions> each)
    {
        int n = each[0].Values.Count, members = each.Count;
        var mean = new float[n];
        var spread = new float[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            foreach (var p in each) sum += p.Values[i];
            double average = sum / members, squares = 0;
            foreach (var p in each) squares += (p.Values[i] - average) * (p.Values[i] - average);
            mean[i] = (float)average;
            spread[i] = members > 1 ? (float)Math.Sqrt(squares / (members - 1)) : 0;
        }
        var first = each[0];
        return new Predictions(first.IdHeader, [.. first.SampleIds], mean, first.TargetName, first.TargetUnit, spread, members);
    }

    /// <summary>
    /// Writes the committee to <paramref name="folder"/> (created when missing; a saved model there is replaced): each member
    /// with <see cref="TrainedModel.Save"/> into a sub-folder <c>member-01</c>, <c>member-02</c>, …, and <c>model.json</c>, which
    /// holds <c>format</c> (<c>"nirnet-model"</c>), <c>formatVersion</c> (<see cref="TrainedModel.FormatVersion"/>), <c>kind</c>
    /// (<c>"committee"</c>), <c>savedBy</c> and <c>members</c>: a list of the members' <c>folder</c> and <c>modelSha256</c>, the
    /// checksum of the member's own <c>model.json</c> (which holds the checksum of its weights).
    /// </summary>
    /// <param name="folder">The committee's folder, for example <c>artifacts/models/tecator-fat-committee</c>.</param>
    public void Save(string folder)
    {
        int digits = Math.Max(2, Members.Count.ToString(CultureInfo.InvariantCulture).Length);
        var entries = new List<ModelFile.CommitteeMember>();
        try
        {
            Directory.CreateDirectory(folder);
            for (int m = 0; m < Members.Count; m++)
            {
                string name = "member-" + (m + 1).ToString("D" + digits, CultureInfo.InvariantCulture);
                string memberFolder = Path.Combine(folder, name);
                Members[m].Save(memberFolder);
                entries.Add(new ModelFile.CommitteeMember(name, TrainedModel.Sha256(Path.Combine(memberFolder, TrainedModel.MetadataFileName))));
            }
            // A single network saved here before left its weights; the committee's model.json replaces its metadata.
            File.Delete(Path.Combine(folder, TrainedModel.WeightsFileName));
            ModelFile.WriteCommittee(Path.Combine(folder, TrainedModel.MetadataFileName), new ModelFile.CommitteeMetadata(entries));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(folder, $"cannot write the committee there: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads a committee <see cref="Save"/> wrote, or a single network's folder (<see cref="TrainedModel.Save"/>) as a
    /// committee of one. Every problem is a <see cref="ModelFileException"/> naming the file or folder: a damaged
    /// <c>model.json</c> (the first wrong field is named), a member's folder that is missing, a member that does not load as
    /// <see cref="TrainedModel.Load"/> would load it, a member's <c>model.json</c> other than the one saved with the committee
    /// (its checksum differs), or members that do not share an axis and a target.
    /// </summary>
    /// <param name="folder">The committee's folder.</param>
    public static Committee Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new ModelFileException(folder, $"no such folder (current folder: {Directory.GetCurrentDirectory()}); " +
                $"expected a folder written by Committee.Save or TrainedModel.Save, holding {TrainedModel.MetadataFileName}.");
        string json = Path.Combine(folder, TrainedModel.MetadataFileName);
        var (_, committee) = ModelFile.ReadAny(json);
        if (committee is null) return new Committee([TrainedModel.Load(folder)]);
        var members = new List<TrainedModel>();
        for (int m = 0; m < committee.Members.Count; m++)
        {
            var entry = committee.Members[m];
            string memberFolder = Path.Combine(folder, entry.Folder), memberJson = Path.Combine(memberFolder, TrainedModel.MetadataFileName);
            if (!Directory.Exists(memberFolder))
                throw new ModelFileException(memberFolder,
                    $"no such folder; {json} lists it as member {m + 1} of {committee.Members.Count}: the committee is incomplete, save it again.");
            var member = TrainedModel.Load(memberFolder);
            if (TrainedModel.Sha256(memberJson) != entry.ModelSha256)
                throw new ModelFileException(memberJson,
                    $"its contents differ from those {json} records for member {m + 1} (SHA-256): the file was edited or belongs to another committee; save the committee again.");
            members.Add(member);
        }
        try
        {
            return Of(members);
        }
        catch (InvalidSettingException e)
        {
            throw new ModelFileException(json, $"its members do not form a committee: {e.Message}", e);
        }
    }

    static string Label(TrainedModel model) => model.TargetUnit.Length > 0 ? $"{model.TargetName} ({model.TargetUnit})" : model.TargetName;

    static string AxisOf(TrainedModel model) => string.Create(CultureInfo.InvariantCulture,
        $"{model.Axis.Count} values, {model.Axis.Range}");

    /// <summary>One line: how many members, the axis and the target.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"committee of {Members.Count} networks; axis {Axis.Range} ({Axis.Count} values); predicts {Label(Members[0])}");
}
