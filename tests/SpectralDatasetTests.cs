using NirNet.Data;

namespace NirNet.Tests;

/// <summary>A dataset never changes: not through the arrays it was made from, nor through what its properties return.</summary>
public sealed class SpectralDatasetTests
{
    static SpectralDataset Make(float[,] spectra, float[] target, double[] wavelengths, string[] ids, Dictionary<string, string[]> metadata) =>
        new(spectra, target, wavelengths, SpectralAxisUnit.Nanometres, "fat", "%", ids, metadata, "test");

    static (float[,] Spectra, float[] Target, double[] Wavelengths, string[] Ids, Dictionary<string, string[]> Metadata) Inputs() =>
        (new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }, [10, 20], [900, 902, 904], ["a", "b"], new() { ["batch"] = ["x", "y"] });

    static void AssertUnchanged(SpectralDataset data)
    {
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], data.Spectra.ToArray().Cast<float>());
        Assert.Equal([10f, 20f], data.Target);
        Assert.Equal([900.0, 902.0, 904.0], data.Wavelengths);
        Assert.Equal(["a", "b"], data.SampleIds);
        Assert.Equal(["x", "y"], data.Metadata["batch"]);
        Assert.Single(data.Metadata);
    }

    [Fact]
    public void Editing_the_arrays_it_was_made_from_does_not_change_it()
    {
        var (spectra, target, wavelengths, ids, metadata) = Inputs();
        var data = Make(spectra, target, wavelengths, ids, metadata);

        spectra[0, 0] = float.NaN;
        target[1] = float.PositiveInfinity;
        wavelengths[2] = 1;
        ids[0] = "changed";
        metadata["batch"][1] = "changed";
        metadata["other"] = ["p", "q"];

        AssertUnchanged(data);
    }

    [Fact]
    public void Editing_what_its_properties_return_does_not_change_it()
    {
        var (spectra, target, wavelengths, ids, metadata) = Inputs();
        var data = Make(spectra, target, wavelengths, ids, metadata);

        data.Target[0] = float.NaN;
        data.Wavelengths[0] = double.NaN;
        data.SampleIds[0] = "changed";
        data.Metadata["batch"][0] = "changed";
        data.Spectra.ToArray()[0, 0] = float.NaN;
        float[,] converted = data.Spectra;
        converted[1, 1] = float.NaN;

        AssertUnchanged(data);
    }

    [Fact]
    public void Datasets_made_from_one_another_share_nothing()
    {
        var (spectra, target, wavelengths, ids, metadata) = Inputs();
        var data = Make(spectra, target, wavelengths, ids, metadata);
        float[] newTarget = [30, 40];
        float[,] newSpectra = { { 7, 8, 9 }, { 1, 1, 1 } };

        var withTarget = data.WithTarget(newTarget);
        var withSpectra = data.WithSpectra(newSpectra);
        var subset = data.Subset([1, 0]);
        newTarget[0] = float.NaN;
        newSpectra[0, 0] = float.NaN;

        Assert.Equal([30f, 40f], withTarget.Target);
        Assert.Equal(7f, withSpectra.Spectra[0, 0]);
        Assert.Equal([20f, 10f], subset.Target);
        AssertUnchanged(data);
    }

    [Fact]
    public void The_finite_value_check_cannot_be_bypassed()
    {
        var (spectra, target, wavelengths, ids, metadata) = Inputs();
        var data = Make(spectra, target, wavelengths, ids, metadata);

        float[] edited = data.Target;
        edited[0] = float.NaN;
        float[,] editedSpectra = data.Spectra;
        editedSpectra[0, 0] = float.NaN;

        Assert.Throws<SpectralDataException>(() => data.WithTarget(edited));
        Assert.Throws<SpectralDataException>(() => data.WithSpectra(editedSpectra));
        Assert.All(data.Target, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Metadata_of_another_length_is_refused()
    {
        var (spectra, target, wavelengths, ids, _) = Inputs();

        var error = Assert.Throws<SpectralDataException>(() => Make(spectra, target, wavelengths, ids, new() { ["batch"] = ["x"] }));

        Assert.Contains("2 spectra but 1 values of 'batch'", error.Message);
    }

    [Fact]
    public void The_chapters_ways_of_reading_a_dataset_still_work()
    {
        var (spectra, target, wavelengths, ids, metadata) = Inputs();
        var data = Make(spectra, target, wavelengths, ids, metadata);

        Assert.Equal(6f, data.Spectra[1, 2]);
        Assert.Equal((2, 3), (data.Spectra.GetLength(0), data.Spectra.GetLength(1)));
        Assert.Equal(1, Array.IndexOf(data.Target, data.Target.Max()));
        Assert.Equal(15.0, data.Target.Average());
        Assert.Equal(900.0, data.Wavelengths[0]);
        Assert.Equal([-1f, 0f, 1f], Enumerable.Range(0, 3).Select(j => MathF.Round(Preprocess.Snv(data.Spectra)[0, j], 5)));
        Assert.Equal(5f, Preprocess.SavitzkyGolay(data.Spectra, 3, 1)[1, 1], 5);
    }
}
