using System.Text.Json.Nodes;
using NirNet.Data;
using NirNet.Models;
using NirNet.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NirNet.Tests;

/// <summary>
/// A committee of trained networks (chapter 8): it averages its members' predictions and gives their spread, a committee of
/// one predicts as its member, it saves and loads like a single model, and a damaged or missing member is a typed error
/// naming the file.
/// </summary>
public sealed class CommitteeTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-committee-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly DatasetSplit Raw = Datasets.Tecator().SplitInOrder(129, 43);

    /// <summary>A network trained briefly on Tecator fat after <paramref name="steps"/>, as a model.</summary>
    static TrainedModel Trained(int seed, params PreprocessingStep[] steps)
    {
        var prepared = Datasets.Tecator();
        foreach (var step in steps) prepared = prepared.WithSpectra(step.Apply(prepared.Spectra));
        var scaled = prepared.SplitInOrder(129, 43).Standardize();
        var net = Networks.Mlp(prepared.WavelengthCount, [8], "sigmoid", seed: seed);
        Trainer.Fit(net, scaled.Train, scaled.Validation, new TrainingOptions(Epochs: 10, ProgressLines: 0));
        return TrainedModel.Of(net, scaled, steps);
    }

    /// <summary>Three members: two on the first derivative, one on SNV spectra.</summary>
    static readonly Lazy<TrainedModel[]> Three = new(() => [Trained(1, new SavitzkyGolayStep(11, 2, 1)), Trained(2, new SavitzkyGolayStep(11, 2, 1)), Trained(3, new SnvStep())]);

    /// <summary>
    /// A model whose network predicts <paramref name="value"/> for every spectrum: its output layer's weights are zero and
    /// its bias is the value; the target scaler is the identity, so the value comes out in the target's units unchanged.
    /// </summary>
    static TrainedModel Constant(float value, SpectralDataset? train = null)
    {
        var split = train is null ? Raw : new DatasetSplit(train, train, train, null);
        var scaled = split.Standardize() with { TargetScaler = StandardScaler.FromMoments([0], [1]) };
        var net = Networks.Mlp(split.Train.WavelengthCount, [4], seed: 1);
        using (no_grad())
        {
            var output = (Linear)net.named_children().Single(c => c.name == "output").module;
            output.weight!.zero_();
            output.bias!.fill_(value);
        }
        return TrainedModel.Of(net, scaled);
    }

    [Fact]
    public void A_committee_of_one_predicts_exactly_as_its_member()
    {
        var member = Three.Value[0];
        var committee = Committee.Of(member);

        var predictions = committee.Predict(Raw.Test);

        Assert.Equal(member.Predict(Raw.Test).Values, predictions.Values);
        Assert.All(predictions.Spread!, s => Assert.Equal(0f, s));
        Assert.Equal(1, predictions.MemberCount);
        Assert.Equal(member.Predict(Raw.Test).ToCsv(), predictions.ToCsv());
    }

    [Fact]
    public void Mean_and_spread_are_the_hand_computed_values()
    {
        // Members predicting 1, 2 and 4 % fat: mean 7/3 = 2.3333 %; squared deviations (4/3)² + (1/3)² + (5/3)² = 42/9,
        // divided by 3 − 1 gives 7/3, so the spread is √(7/3) = 1.527525 %.
        var committee = Committee.Of(Constant(1), Constant(2), Constant(4));

        var predictions = committee.Predict(Raw.Test);

        Assert.Equal(43, predictions.Values.Count);
        Assert.All(predictions.Values, v => Assert.Equal(2.3333333f, v));
        Assert.All(predictions.Spread!, s => Assert.Equal(1.5275252f, s));
        Assert.Equal(3, predictions.MemberCount);
        Assert.Equal("43 predictions of fat, from 2.333 to 2.333 %; mean of 3 networks, spread up to 1.528 %", predictions.ToString());
        string[] csv = predictions.ToCsv(spread: true).Split('\n');
        Assert.Equal("sample,fat (%),spread of fat (%)", csv[0]);
        Assert.Equal($"{Raw.Test.SampleIds[0]},2.3333333,1.5275252", csv[1]);
    }

    [Fact]
    public void Trained_members_with_their_own_preprocessing_average_sample_by_sample()
    {
        var members = Three.Value;
        var each = members.Select(m => m.Predict(Raw.Test).Values).ToArray();

        var predictions = Committee.Of(members).Predict(Raw.Test);

        for (int i = 0; i < 43; i++)
        {
            var (mean, sd) = Statistics.MeanAndDeviation(each.Select(v => (double)v[i]).ToList());
            Assert.Equal((float)mean, predictions.Values[i]);
            Assert.Equal((float)sd, predictions.Spread![i]);
        }
        Assert.Contains(predictions.Spread!, s => s > 0);
    }

    [Fact]
    public void Saved_committee_loads_back_and_predicts_identically_with_its_members_listed()
    {
        var committee = Committee.Of(Three.Value);
        string path = Path.Combine(folder, "committee");
        committee.Save(path);

        var loaded = Committee.Load(path);

        var before = committee.Predict(Raw.Test);
        var after = loaded.Predict(Raw.Test);
        Assert.Equal(before.Values, after.Values);
        Assert.Equal(before.Spread, after.Spread);
        Assert.Equal(3, loaded.Members.Count);
        Assert.Equal(["snv"], loaded.Members.Select(m => m.Preprocessing.Count == 1 && m.Preprocessing[0] is SnvStep ? "snv" : "").Where(s => s.Length > 0));
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(path, "model.json")))!;
        Assert.Equal(("nirnet-model", 2, "committee"), ((string?)json["format"], (int?)json["formatVersion"], (string?)json["kind"]));
        Assert.Equal(["member-01", "member-02", "member-03"], json["members"]!.AsArray().Select(m => (string?)m!["folder"]));
        Assert.Equal("network", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(path, "member-02", "model.json")))!["kind"]);
        Assert.Equal("committee of 3 networks; axis 850–1048 nm (100 values); predicts fat (%)", loaded.ToString());

        string csv = Path.Combine(folder, "spectra.csv");
        File.WriteAllLines(csv, [$"id,{string.Join(",", Raw.Test.Wavelengths)}",
            .. Enumerable.Range(0, 43).Select(i => $"{Raw.Test.SampleIds[i]},{string.Join(",", Enumerable.Range(0, 100).Select(j => Raw.Test.Spectra[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture)))}")]);
        Assert.Equal(before.Values, loaded.PredictCsv(csv).Values);
    }

    [Fact]
    public void A_single_network_folder_loads_as_a_committee_of_one_and_a_committee_folder_is_not_a_single_network()
    {
        var member = Three.Value[2];
        string single = Path.Combine(folder, "single"), committee = Path.Combine(folder, "committee");
        member.Save(single);
        Committee.Of(Three.Value).Save(committee);

        Assert.Equal(member.Predict(Raw.Test).Values, Committee.Load(single).Predict(Raw.Test).Values);
        var error = Assert.Throws<ModelFileException>(() => TrainedModel.Load(committee));
        Assert.Equal(Path.Combine(committee, "model.json"), error.Path);
        Assert.Contains("holds a committee of 3 networks, not a single network: load it with Committee.Load", error.Message);
    }

    [Fact]
    public void A_version_1_single_network_file_still_loads()
    {
        // Version 1 had no 'kind' field; otherwise its model.json is the same as version 2's for a single network.
        var member = Three.Value[0];
        string path = Path.Combine(folder, "old");
        member.Save(path);
        Edit(Path.Combine(path, "model.json"), json =>
        {
            json["formatVersion"] = 1;
            json.AsObject().Remove("kind");
        });

        Assert.Equal(member.Predict(Raw.Test).Values, TrainedModel.Load(path).Predict(Raw.Test).Values);
        Assert.Equal(member.Predict(Raw.Test).Values, Committee.Load(path).Predict(Raw.Test).Values);

        Edit(Path.Combine(path, "model.json"), json => json["formatVersion"] = 2);
        Assert.Contains("the field 'kind' is missing", Assert.Throws<ModelFileException>(() => TrainedModel.Load(path)).Message);
    }

    [Fact]
    public void A_missing_member_folder_is_named()
    {
        string path = SavedCommittee();
        Directory.Delete(Path.Combine(path, "member-02"), recursive: true);

        var error = Assert.Throws<ModelFileException>(() => Committee.Load(path));

        Assert.Equal(Path.Combine(path, "member-02"), error.Path);
        Assert.Contains("lists it as member 2 of 3", error.Message);
    }

    [Fact]
    public void A_damaged_or_missing_member_file_is_named()
    {
        string path = SavedCommittee();
        string weights = Path.Combine(path, "member-03", "weights.bin");
        byte[] bytes = File.ReadAllBytes(weights);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);
        var damaged = Assert.Throws<ModelFileException>(() => Committee.Load(path));
        Assert.Equal(weights, damaged.Path);
        Assert.Contains("(SHA-256)", damaged.Message);

        File.Delete(weights);
        Assert.Equal(weights, Assert.Throws<ModelFileException>(() => Committee.Load(path)).Path);

        string json = Path.Combine(path, "member-01", "model.json");
        File.WriteAllText(json, File.ReadAllText(json)[..100]);
        var truncated = Assert.Throws<ModelFileException>(() => Committee.Load(path));
        Assert.Equal(json, truncated.Path);
        Assert.Contains("not valid JSON", truncated.Message);
    }

    [Fact]
    public void A_member_file_other_than_the_one_saved_with_the_committee_is_caught_by_its_checksum()
    {
        string path = SavedCommittee();
        string member = Path.Combine(path, "member-01", "model.json");
        Edit(member, json => json["savedBy"] = "someone else");

        var error = Assert.Throws<ModelFileException>(() => Committee.Load(path));

        Assert.Equal(member, error.Path);
        Assert.Contains("differ from those", error.Message);
        Assert.Contains("records for member 1 (SHA-256)", error.Message);
    }

    [Fact]
    public void A_wrong_committee_field_is_named()
    {
        string Error(Action<JsonNode> edit)
        {
            string path = SavedCommittee();
            Edit(Path.Combine(path, "model.json"), edit);
            return Assert.Throws<ModelFileException>(() => Committee.Load(path)).Message;
        }

        Assert.Contains("the field 'members[0].folder' is '../member-01', but must be the plain name of a folder inside the committee's folder",
            Error(json => json["members"]![0]!["folder"] = "../member-01"));
        Assert.Contains("the field 'members' must list at least one member", Error(json => json["members"] = new JsonArray()));
        Assert.Contains("the field 'members' lists the folder 'member-01' more than once", Error(json => json["members"]![1]!["folder"] = "member-01"));
        Assert.Contains("the field 'members[2].modelSha256' must be 64 lower-case hexadecimal digits", Error(json => json["members"]![2]!["modelSha256"] = "abc"));
        Assert.Contains("the field 'kind' is 'forest'; known kinds: network, committee", Error(json => json["kind"] = "forest"));
    }

    [Fact]
    public void Members_must_share_the_axis_and_the_target()
    {
        var shifted = new SpectralDataset(Raw.Train.Spectra, Raw.Train.Target, Raw.Train.Wavelengths.Select(w => w + 1).ToArray(), targetName: "fat", targetUnit: "%", source: "shifted");
        var moisture = Datasets.Tecator("moisture").SplitInOrder(129, 43).Train;

        var axis = Assert.Throws<InvalidSettingException>(() => Committee.Of(Constant(1), Constant(2, shifted)));
        Assert.Equal("members", axis.Parameter);
        Assert.Contains("member 2 expects spectra on 100 values, 851–1049 nm, but member 1 on 100 values, 850–1048 nm", axis.Message);
        Assert.Contains("member 2 predicts moisture (%), but member 1 predicts fat (%)",
            Assert.Throws<InvalidSettingException>(() => Committee.Of(Constant(1), Constant(2, moisture))).Message);
        Assert.Equal("members", Assert.Throws<InvalidSettingException>(() => Committee.Of()).Parameter);
        Assert.Equal("spread", Assert.Throws<InvalidSettingException>(() => Constant(1).Predict(Raw.Test).ToCsv(spread: true)).Parameter);
        Assert.Null(Constant(1).Predict(Raw.Test).Spread);
    }

    string SavedCommittee()
    {
        string path = Path.Combine(folder, $"committee-{Guid.NewGuid():N}");
        Committee.Of(Constant(1), Constant(2), Constant(4)).Save(path);
        return path;
    }

    static void Edit(string path, Action<JsonNode> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
