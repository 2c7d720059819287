using NirNet.Data;

namespace NirNet.Tests;

public sealed class PreprocessingTests
{
    [Fact]
    public void Standard_scaler_uses_the_training_mean_and_population_sd_and_inverts()
    {
        float[,] train = { { 1, 10 }, { 3, 10 }, { 5, 10 } };
        var scaler = StandardScaler.Fit(train);

        Assert.Equal([3.0, 10.0], scaler.Mean);
        Assert.Equal(Math.Sqrt(8.0 / 3), scaler.Scale[0], 12);
        Assert.Equal(1.0, scaler.Scale[1]); // a constant column is only centred
        float[,] scaled = scaler.Transform(new float[,] { { 3 + (float)Math.Sqrt(8.0 / 3), 12 } });
        Assert.Equal(1f, scaled[0, 0], 5);
        Assert.Equal(2f, scaled[0, 1], 5);
        Assert.Equal(7f, scaler.InverseTransform(scaler.Transform(new float[,] { { 7, 7 } }))[0, 0], 4);
    }

    [Fact]
    public void Target_scaler_round_trips()
    {
        var scaler = StandardScaler.Fit([2f, 4f, 6f]);

        Assert.Equal([-1.2247449f, 0f, 1.2247449f], scaler.Transform([2f, 4f, 6f]));
        Assert.Equal([5f], scaler.InverseTransform(scaler.Transform([5f])));
    }

    [Fact]
    public void Scaler_refuses_another_width()
    {
        var scaler = StandardScaler.Fit(new float[,] { { 1, 2 } });
        Assert.Equal("X", Assert.Throws<InvalidSettingException>(() => scaler.Transform(new float[,] { { 1, 2, 3 } })).Parameter);
    }

    [Fact]
    public void Snv_centres_and_scales_each_spectrum_by_its_own_sd()
    {
        float[,] snv = Preprocess.Snv(new float[,] { { 1, 2, 3 }, { 10, 20, 30 } });

        // mean 2, sample sd 1 → (-1, 0, 1); scaled copies give the same result.
        Assert.Equal([-1f, 0f, 1f], new[] { snv[0, 0], snv[0, 1], snv[0, 2] });
        Assert.Equal([-1f, 0f, 1f], new[] { snv[1, 0], snv[1, 1], snv[1, 2] });
        Assert.Throws<SpectralDataException>(() => Preprocess.Snv(new float[,] { { 4, 4, 4 } }));
    }

    [Fact]
    public void Savitzky_Golay_matches_the_classic_tabulated_weights()
    {
        // Window 5, quadratic: smoothing weights (−3, 12, 17, 12, −3)/35; first derivative (−2, −1, 0, 1, 2)/10.
        float[,] impulse = new float[1, 9];
        impulse[0, 4] = 35;
        float[,] smoothed = Preprocess.SavitzkyGolay(impulse, 5, 2);
        Assert.Equal([-3f, 12f, 17f, 12f, -3f], Enumerable.Range(2, 5).Select(j => MathF.Round(smoothed[0, j], 4)));

        float[,] ramp = new float[1, 9];
        impulse[0, 4] = 10;
        for (int j = 0; j < 9; j++) ramp[0, j] = 3 * j + 1;
        float[,] slope = Preprocess.SavitzkyGolay(ramp, 5, 2, derivative: 1);
        Assert.All(Enumerable.Range(0, 9), j => Assert.Equal(3f, slope[0, j], 4));
    }

    [Fact]
    public void Savitzky_Golay_keeps_a_polynomial_of_its_order_everywhere_including_the_ends()
    {
        float[,] quadratic = new float[1, 11];
        for (int j = 0; j < 11; j++) quadratic[0, j] = 0.5f * j * j - 2 * j + 1;

        float[,] smoothed = Preprocess.SavitzkyGolay(quadratic, 7, 2);
        float[,] second = Preprocess.SavitzkyGolay(quadratic, 7, 2, derivative: 2);

        Assert.All(Enumerable.Range(0, 11), j => Assert.Equal(quadratic[0, j], smoothed[0, j], 3));
        Assert.All(Enumerable.Range(0, 11), j => Assert.Equal(1f, second[0, j], 3));
    }

    [Theory]
    [InlineData(4, 2, 0, "windowLength")]
    [InlineData(21, 2, 0, "windowLength")]
    [InlineData(5, 5, 0, "polynomialOrder")]
    [InlineData(5, 2, 3, "derivative")]
    public void Savitzky_Golay_settings_are_checked(int window, int order, int derivative, string parameter)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Preprocess.SavitzkyGolay(new float[1, 9], window, order, derivative));
        Assert.Equal(parameter, error.Parameter);
    }

    [Fact]
    public void Split_is_reproducible_from_its_seed_disjoint_and_complete()
    {
        var data = Datasets.SimulatedSoil();

        var a = data.Split(0.2, 0.2, seed: 1);
        var b = data.Split(0.2, 0.2, seed: 1);
        var c = data.Split(0.2, 0.2, seed: 2);

        Assert.Equal((240, 80, 80), (a.Train.Count, a.Validation.Count, a.Test.Count));
        Assert.Equal(a.Train.SampleIds, b.Train.SampleIds);
        Assert.Equal(a.Test.SampleIds, b.Test.SampleIds);
        Assert.NotEqual(a.Train.SampleIds, c.Train.SampleIds);
        var all = a.Train.SampleIds.Concat(a.Validation.SampleIds).Concat(a.Test.SampleIds).ToList();
        Assert.Equal(400, all.Distinct().Count());
    }

    [Fact]
    public void Standardize_fits_on_training_samples_only()
    {
        var split = Datasets.SimulatedSoil().Split(seed: 3);

        var scaled = split.Standardize();

        Assert.Equal(split.Train.Target.Average(), scaled.TargetScaler.Mean[0], 4);
        Assert.Equal(0, scaled.Train.Target.Average(), 4);
        Assert.NotEqual(0, scaled.Test.Target.Average(), 3);
        float[] back = scaled.TargetScaler.InverseTransform(scaled.Test.Target);
        Assert.All(back.Zip(split.Test.Target), p => Assert.Equal(p.Second, p.First, 3));
    }
}
