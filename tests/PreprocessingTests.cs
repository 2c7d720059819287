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
    public void Msc_maps_a_shifted_and_scaled_copy_of_the_reference_back_to_the_reference()
    {
        double[] reference = [0.2, 0.5, 0.9, 0.7, 0.4];
        var spectra = new float[1, 5];
        for (int j = 0; j < 5; j++) spectra[0, j] = (float)(0.3 + 1.8 * reference[j]);

        float[,] corrected = Preprocess.Msc(spectra, reference);

        Assert.All(Enumerable.Range(0, 5), j => Assert.Equal(reference[j], corrected[0, j], 5));
    }

    [Fact]
    public void Msc_matches_a_hand_computed_example()
    {
        // Reference (1, 2, 3): mean 2, squares 2. Spectrum (2, 3, 7): mean 4, products (−2)(−1) + (−1)(0) + (3)(1) = 5,
        // so b = 5/2 = 2.5 and a = 4 − 2.5 · 2 = −1, and (x − a)/b = (3, 4, 8)/2.5 = (1.2, 1.6, 3.2).
        float[,] corrected = Preprocess.Msc(new float[,] { { 2, 3, 7 } }, [1, 2, 3]);
        Assert.Equal([1.2f, 1.6f, 3.2f], new[] { corrected[0, 0], corrected[0, 1], corrected[0, 2] });

        // Without a reference, the mean spectrum (2, 4, 6) is used: 0.5 and 1.5 times it both map onto it.
        float[,] spectra = { { 1, 2, 3 }, { 3, 6, 9 } };
        Assert.Equal([2.0, 4.0, 6.0], Preprocess.MeanSpectrum(spectra));
        float[,] toMean = Preprocess.Msc(spectra);
        Assert.Equal([2f, 4f, 6f, 2f, 4f, 6f], toMean.Cast<float>().Select(v => MathF.Round(v, 5)));
    }

    [Fact]
    public void Msc_refuses_a_bad_reference_and_spectra_unlike_it()
    {
        float[,] spectra = { { 1, 2, 3 }, { 3, 2, 1 }, { 5, 5, 5 } };

        Assert.Equal("reference", Assert.Throws<InvalidSettingException>(() => Preprocess.Msc(spectra, [1, 2])).Parameter);
        Assert.Contains("reference spectrum of MSC is constant", Assert.Throws<SpectralDataException>(() => Preprocess.Msc(spectra, [4, 4, 4])).Message);
        Assert.StartsWith("spectrum 2 has slope -1", Assert.Throws<SpectralDataException>(() => Preprocess.Msc(spectra, [1, 2, 3])).Message);
        Assert.StartsWith("spectrum 1 has slope 0", Assert.Throws<SpectralDataException>(() => Preprocess.Msc(new float[,] { { 5, 5, 5 } }, [1, 2, 3])).Message);
        Assert.Equal("spectra", Assert.Throws<InvalidSettingException>(() => Preprocess.MeanSpectrum(new float[0, 3])).Parameter);
    }

    [Fact]
    public void Savitzky_Golay_matches_the_classic_tabulated_weights()
    {
        // Window 5, quadratic: smoothing weights (−3, 12, 17, 12, −3)/35; first derivative (−2, −1, 0, 1, 2)/10.
        float[,] impulse = new float[1, 9];
        impulse[0, 4] = 35;
        float[,] smoothed = Preprocess.SavitzkyGolay(impulse, 5, 2);
        Assert.Equal([-3f, 12f, 17f, 12f, -3f], Enumerable.Range(2, 5).Select(j => MathF.Round(smoothed[0, j], 4)));

        impulse[0, 4] = 10;
        float[,] derivative = Preprocess.SavitzkyGolay(impulse, 5, 2, derivative: 1);
        Assert.Equal([2f, 1f, 0f, -1f, -2f], Enumerable.Range(2, 5).Select(j => MathF.Round(derivative[0, j], 4) + 0f));

        float[,] ramp = new float[1, 9];
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
