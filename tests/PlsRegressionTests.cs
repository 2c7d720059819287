using NirNet.Chemometrics;
using NirNet.Data;
using NirNet.Training;

namespace NirNet.Tests;

public sealed class PlsRegressionTests
{
    /// <summary>12 made-up spectra of 7 wavelengths and their target: the data of tests/PlsRegressionReference.py.</summary>
    static SpectralDataset Small() => new(new float[,]
        {
            { 0.512f, 0.634f, 0.701f, 0.688f, 0.590f, 0.477f, 0.402f },
            { 0.433f, 0.560f, 0.652f, 0.671f, 0.603f, 0.511f, 0.455f },
            { 0.601f, 0.712f, 0.774f, 0.730f, 0.611f, 0.480f, 0.391f },
            { 0.389f, 0.498f, 0.587f, 0.622f, 0.580f, 0.512f, 0.470f },
            { 0.555f, 0.690f, 0.768f, 0.749f, 0.642f, 0.518f, 0.433f },
            { 0.470f, 0.575f, 0.641f, 0.640f, 0.566f, 0.470f, 0.409f },
            { 0.628f, 0.741f, 0.795f, 0.751f, 0.629f, 0.503f, 0.414f },
            { 0.414f, 0.540f, 0.633f, 0.660f, 0.610f, 0.533f, 0.489f },
            { 0.497f, 0.617f, 0.694f, 0.692f, 0.609f, 0.500f, 0.431f },
            { 0.581f, 0.677f, 0.728f, 0.695f, 0.588f, 0.462f, 0.380f },
            { 0.446f, 0.583f, 0.681f, 0.703f, 0.640f, 0.548f, 0.492f },
            { 0.535f, 0.648f, 0.712f, 0.689f, 0.595f, 0.488f, 0.418f },
        },
        [3.1f, 2.4f, 4.2f, 1.9f, 3.8f, 2.6f, 4.5f, 2.2f, 3.0f, 3.9f, 2.5f, 3.3f],
        [1000, 1100, 1200, 1300, 1400, 1500, 1600], targetName: "fat", targetUnit: "%", source: "small");

    // scikit-learn 1.2.1's PLSRegression(n_components=k, scale=False): coef_, the prediction for a spectrum of zeros
    // (the intercept on raw spectra) and the predictions for the training spectra, printed by
    //   /usr/bin/python3 -W ignore tests/PlsRegressionReference.py
    static readonly Dictionary<int, (double[] Coefficients, double Intercept, double[] Predictions)> SklearnReference = new()
    {
        [1] = ([3.708482560544586, 3.5550110019072383, 2.938056058225025, 1.6481950124534188, 0.3970088903432822, -0.5453055075431272, -1.3228356203484837],
            -3.553925519623796,
            [3.2345746358851164, 2.4230600597434493, 4.146875228511034, 1.7382218380961527, 3.847788706132916, 2.5987048579467293, 4.410589755900411, 2.153351567342702, 3.061177426127997, 3.7706779730332327, 2.6365495703044872, 3.3784281187153353]),
        [2] = ([4.07928934799285, 3.4995036295787405, 2.662767944003344, 1.248539628236201, 0.02626489246719571, -0.8369144539327082, -1.586848409357207],
            -2.75432101840871,
            [3.2569311124062295, 2.41178654033535, 4.155266052207556, 1.7558264301014073, 3.800739101514311, 2.6535541617218463, 4.3937561412332435, 2.1277824910797447, 3.0578363001393445, 3.8169268182519023, 2.573772015762632, 3.3958225729859968]),
        [3] = ([8.739173225370628, 2.813719543372609, 0.6644310625917826, -0.9555648405638706, -0.4295814277796208, 1.0401652881340422, 1.3742734704739796],
            -3.7070780867552546,
            [3.1547783010411776, 2.3424731954523486, 4.139386755340052, 1.8186682991661525, 3.73726932825872, 2.6403732962359565, 4.498628240469274, 2.1846434659465195, 3.0229997152276726, 3.8450440460745794, 2.5829282348952276, 3.432806859631885]),
    };

    // The same script, PLSRegression(n_components=2, scale=True): the predictions for the training spectra.
    static readonly double[] SklearnScaledPredictions =
        [3.31213290091144, 2.458308074434114, 4.160235406884313, 1.7295646838436933, 3.8335591033028873, 2.6655633204840887, 4.31671275131153, 2.089923050232432, 3.0888424979176174, 3.8170646683671126, 2.570956368052327, 3.3571369119980075];

    static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= relative * Math.Max(Math.Abs(expected[i]), 1e-3), $"value {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    /// <summary>The model's equation, Intercept + Σⱼ xⱼ bⱼ, in double precision.</summary>
    static double[] ModelEquation(PlsRegression model, SpectralDataset data) =>
        Enumerable.Range(0, data.Count).Select(i => model.Intercept + Enumerable.Range(0, data.WavelengthCount).Sum(j => data.Spectra[i, j] * model.Coefficients[j])).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Coefficients_intercept_and_predictions_match_scikit_learn(int components)
    {
        var data = Small();
        var (coefficients, intercept, predictions) = SklearnReference[components];

        var model = PlsRegression.Fit(data, components);

        Assert.Equal(components, model.Components);
        AssertClose(coefficients, model.Coefficients, 1e-9);
        AssertClose([intercept], [model.Intercept], 1e-9);
        AssertClose(predictions, ModelEquation(model, data), 1e-9);
        AssertClose(predictions, model.Predict(data).Select(v => (double)v).ToArray(), 1e-6);
    }

    [Fact]
    public void Scaled_model_predicts_as_scikit_learn_with_scale_true()
    {
        var data = Small();

        var model = PlsRegression.Fit(data, 2, scale: true);

        AssertClose(SklearnScaledPredictions, ModelEquation(model, data), 1e-9);
        Assert.NotEqual(PlsRegression.Fit(data, 2).Coefficients, model.Coefficients);
    }

    [Fact]
    public void Model_keeps_the_training_axis_and_target_label()
    {
        var model = PlsRegression.Fit(Small(), 2);

        Assert.Equal(new double[] { 1000, 1100, 1200, 1300, 1400, 1500, 1600 }, model.Wavelengths);
        Assert.Equal(SpectralAxisUnit.Nanometres, model.WavelengthUnit);
        Assert.Equal("fat (%)", model.TargetLabel);
        Assert.Equal("PLS regression of fat (%): 2 components, 7 wavelengths (1000–1600 nm)", model.ToString());
    }

    [Fact]
    public void Training_scores_are_mutually_orthogonal()
    {
        var train = Datasets.SimulatedSoil().Split(seed: 42).Train;

        var model = PlsRegression.Fit(train, 10);

        Assert.Equal(10, model.Scores.Count);
        for (int a = 0; a < 10; a++)
            for (int b = 0; b < a; b++)
            {
                double cosine = Dot(model.Scores[a], model.Scores[b]) / Math.Sqrt(Dot(model.Scores[a], model.Scores[a]) * Dot(model.Scores[b], model.Scores[b]));
                Assert.True(Math.Abs(cosine) < 1e-10, $"scores {a + 1} and {b + 1}: cosine {cosine}");
            }
    }

    [Fact]
    public void With_as_many_components_as_wavelengths_PLS_equals_ordinary_least_squares()
    {
        // 20 samples × 5 wavelengths of full column rank, from fixed formulas; the target is not exactly linear in them.
        const int n = 20, p = 5;
        var spectra = new float[n, p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
                spectra[i, j] = (float)Math.Sin(0.3 * (j + 1) * i + 0.7 * j);
        var target = Enumerable.Range(0, n).Select(i => (float)(1.5 + 2 * spectra[i, 0] - spectra[i, 2] + 0.5 * spectra[i, 4] + 0.05 * Math.Cos(3.0 * i))).ToArray();
        var data = new SpectralDataset(spectra, target, [1, 2, 3, 4, 5]);

        var model = PlsRegression.Fit(data, p);

        AssertClose(OrdinaryLeastSquares(spectra, target), ModelEquation(model, data), 1e-8);
    }

    [Fact]
    public void Component_search_chooses_the_lowest_validation_RMSE_and_its_model_is_a_direct_fit()
    {
        var split = Datasets.SimulatedSoil().Split(seed: 42);

        var search = PlsRegression.ChooseComponents(split.Train, split.Validation, maxComponents: 12);

        Assert.Equal(Enumerable.Range(1, 12), search.Rows.Select(r => r.Components));
        Assert.Equal(search.Rows.MinBy(r => r.ValidationRmse)!.Components, search.Best);
        Assert.Equal(search.Best, search.Model.Components);
        var direct = PlsRegression.Fit(split.Train, search.Best);
        Assert.Equal(direct.Coefficients, search.Model.Coefficients);
        Assert.Equal(direct.Intercept, search.Model.Intercept);
        var row = search.Rows[search.Best - 1];
        Assert.Equal(RegressionMetrics.Of(split.Validation.Target, direct.Predict(split.Validation)).Rmse, row.ValidationRmse, 1e-4);
        Assert.Equal(RegressionMetrics.Of(split.Train.Target, direct.Predict(split.Train)).Rmse, row.TrainingRmse, 1e-4);
        Assert.True(search.Rows[^1].TrainingRmse < search.Rows[0].TrainingRmse);
    }

    [Fact]
    public void Component_search_stops_at_what_the_data_allow()
    {
        var data = Small();

        Assert.Equal(7, PlsRegression.ChooseComponents(data, data, maxComponents: 20).Rows.Count); // 7 wavelengths
        Assert.Equal(6, PlsRegression.ChooseComponents(WithDuplicatedColumn(data), data, maxComponents: 20).Rows.Count); // rank 6
    }

    [Fact]
    public void Component_search_shows_as_a_table_naming_the_chosen_number()
    {
        var data = Small();
        var search = PlsRegression.ChooseComponents(data, data, maxComponents: 3);

        string html = ((IHtmlDisplay)search).ToHtml();
        string text = search.ToString();

        Assert.Equal(3, search.Best); // validation = training here, so the most components fit best
        Assert.Contains("<caption>PLS: the lowest validation RMSE is at 3 components</caption>", html);
        Assert.Contains("<th>validation RMSE, fat (%)</th>", html);
        Assert.StartsWith("PLS: the lowest validation RMSE is at 3 components\ncomponents", text);
        Assert.Equal(5, text.Split('\n').Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]  // more than the 7 wavelengths
    public void Number_of_components_is_checked(int components)
    {
        var error = Assert.Throws<InvalidSettingException>(() => PlsRegression.Fit(Small(), components));
        Assert.Equal("components", error.Parameter);
        Assert.Contains("from 1 to 7", error.Message);
    }

    [Fact]
    public void Fewer_samples_than_wavelengths_limit_the_components_to_samples_minus_one()
    {
        var few = Small().Subset([0, 1, 2, 3, 4]);

        Assert.Contains("from 1 to 4", Assert.Throws<InvalidSettingException>(() => PlsRegression.Fit(few, 5)).Message);
        Assert.Equal(4, PlsRegression.Fit(few, 4).Components);
    }

    [Fact]
    public void Rank_deficient_spectra_stop_with_a_clear_error_not_NaN()
    {
        var data = WithDuplicatedColumn(Small());

        var error = Assert.Throws<InvalidSettingException>(() => PlsRegression.Fit(data, 7));

        Assert.Equal("components", error.Parameter);
        Assert.Contains("rank 6", error.Message);
        Assert.All(PlsRegression.Fit(data, 6).Coefficients, b => Assert.True(double.IsFinite(b)));
    }

    [Fact]
    public void Data_that_cannot_be_regressed_are_refused()
    {
        var data = Small();
        var constantWavelength = data.Spectra.ToArray();
        for (int i = 0; i < data.Count; i++) constantWavelength[i, 3] = 0.7f;

        var scaled = Assert.Throws<SpectralDataException>(() => PlsRegression.Fit(data.WithSpectra(constantWavelength), 2, scale: true));
        Assert.Contains("do not vary at 1300 nm", scaled.Message);
        Assert.Equal(2, PlsRegression.Fit(data.WithSpectra(constantWavelength), 2).Components); // unscaled, it is only centred
        Assert.Contains("the target is the same", Assert.Throws<SpectralDataException>(() =>
            PlsRegression.Fit(data.WithTarget(Enumerable.Repeat(2f, data.Count).ToArray()), 1)).Message);
        Assert.Throws<SpectralDataException>(() => PlsRegression.Fit(data.Subset([0]), 1));
        Assert.Equal("maxComponents", Assert.Throws<InvalidSettingException>(() => PlsRegression.ChooseComponents(data, data, maxComponents: 0)).Parameter);
        Assert.Contains("no samples", Assert.Throws<SpectralDataException>(() => PlsRegression.ChooseComponents(data, data.Subset([]))).Message);
    }

    [Fact]
    public void Predicting_spectra_on_another_axis_names_both_axes()
    {
        var data = Small();
        var model = PlsRegression.Fit(data, 2);
        var shorter = new SpectralDataset(new float[,] { { 1, 2, 3 } }, [1], [1000, 1100, 1200], source: "other.csv");
        var shifted = new SpectralDataset(data.Spectra, data.Target, [1002, 1102, 1202, 1302, 1402, 1502, 1602], source: "shifted.csv");

        var error = Assert.Throws<SpectralDataException>(() => model.Predict(shorter));
        Assert.Contains("other.csv has 3 wavelengths (1000–1200 nm)", error.Message);
        Assert.Contains("fitted on 7 wavelengths (1000–1600 nm)", error.Message);
        Assert.Contains("(1002–1602 nm)", Assert.Throws<SpectralDataException>(() => model.Predict(shifted)).Message);
        Assert.Throws<SpectralDataException>(() => PlsRegression.ChooseComponents(data, shorter));
    }

    [Fact]
    public void Component_chart_shows_both_errors_in_target_units_and_marks_the_chosen_number()
    {
        var split = Datasets.SimulatedSoil().Split(seed: 42);
        var search = PlsRegression.ChooseComponents(split.Train, split.Validation, maxComponents: 10);

        string html = Charts.ToHtml(Charts.PlsComponents(search));

        Assert.Contains("number of PLS components", html);
        Assert.Contains("RMSE, SOM (%)", html);
        Assert.Contains("\"name\":\"training\"", html);
        Assert.Contains("\"name\":\"validation\"", html);
        Assert.Contains($"chosen: {search.Best} components", html);
        Assert.Contains($"The validation RMSE is lowest at {search.Best}", html);
    }

    [Fact]
    public void Coefficient_chart_is_drawn_over_the_wavelength_axis_with_a_zero_line()
    {
        string nm = Charts.ToHtml(Charts.RegressionCoefficients(PlsRegression.Fit(Small(), 2)));
        var indexed = new SpectralDataset(Small().Spectra, Small().Target, [1, 2, 3, 4, 5, 6, 7], wavelengthUnit: SpectralAxisUnit.Index);
        string index = Charts.ToHtml(Charts.RegressionCoefficients(PlsRegression.Fit(indexed, 2)));

        Assert.Contains("wavelength (nm)", nm);
        Assert.Contains("coefficient, fat (%) per spectral unit", nm);
        Assert.Contains("\"y\":[0.0,0.0]", nm);
        Assert.Contains("(PLS, 2 components)", nm);
        Assert.Contains("column index", index);
    }

    static SpectralDataset WithDuplicatedColumn(SpectralDataset data)
    {
        var spectra = data.Spectra.ToArray();
        for (int i = 0; i < data.Count; i++) spectra[i, 6] = spectra[i, 0];
        return data.WithSpectra(spectra);
    }

    static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    /// <summary>Least squares with an intercept: the normal equations of the centred data, solved by Gaussian elimination.</summary>
    static double[] OrdinaryLeastSquares(float[,] spectra, float[] target)
    {
        int n = target.Length, p = spectra.GetLength(1);
        var mean = Enumerable.Range(0, p).Select(j => Enumerable.Range(0, n).Average(i => (double)spectra[i, j])).ToArray();
        double targetMean = target.Average(v => (double)v);
        var a = new double[p, p + 1]; // [XᵀX | Xᵀy] on centred data
        for (int r = 0; r < p; r++)
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < p; c++) a[r, c] += (spectra[i, r] - mean[r]) * (spectra[i, c] - mean[c]);
                a[r, p] += (spectra[i, r] - mean[r]) * (target[i] - targetMean);
            }
        for (int col = 0; col < p; col++)
        {
            int pivot = Enumerable.Range(col, p - col).MaxBy(r => Math.Abs(a[r, col]));
            for (int c = 0; c <= p; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            for (int r = 0; r < p; r++)
                if (r != col)
                {
                    double f = a[r, col] / a[col, col];
                    for (int c = col; c <= p; c++) a[r, c] -= f * a[col, c];
                }
        }
        var b = Enumerable.Range(0, p).Select(r => a[r, p] / a[r, r]).ToArray();
        return Enumerable.Range(0, n).Select(i => targetMean + Enumerable.Range(0, p).Sum(j => (spectra[i, j] - mean[j]) * b[j])).ToArray();
    }
}
