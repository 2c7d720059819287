using NirNet.Chemometrics;
using NirNet.Data;

namespace NirNet.Tests;

/// <summary>
/// K-fold cross-validation (chapter 8): contiguous blocks and venetian blinds deal the samples as scikit-learn's KFold and a
/// PredefinedSplit do, the pooled RMSECV of PLS and its standard error match scikit-learn's, the one-standard-error rule is
/// stated in the result, and bad settings are typed errors naming the setting.
/// </summary>
public sealed class CrossValidationTests
{
    /// <summary>The 129 samples of the reference: Tecator's training set in file order, target fat (%).</summary>
    static readonly SpectralDataset Train = Datasets.Tecator().SplitInOrder(129, 43).Train;

    // Printed by scikit-learn 1.2.1 (Debian's python3-sklearn, numpy 1.24.2), run once from the repository root:
    //   /usr/bin/python3 -W ignore tests/CrossValidationReference.py
    // KFold(n_splits=10) without shuffling: the fold of each of the 129 samples.
    static readonly int[] SklearnContiguousFolds =
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9];

    // PredefinedSplit(np.arange(129) % 10), the venetian blinds, as the script printed them.
    static readonly int[] SklearnVenetianFolds =
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>What the script printed for one assignment: PLSRegression(n_components=1…15, scale=…) in each fold.</summary>
    sealed record Reference(double[] Rmsecv, double[] StandardError, double[] FoldRmseAt5, double[] FirstPredictionsAt5, int Lowest, int OneStandardError);

    static readonly Dictionary<string, Reference> Sklearn = new()
    {
        ["contiguous"] = new(
            [11.78563675644142, 7.950508039678205, 5.60853566665452, 4.56185496596743, 3.7544850080405, 3.6902665501587033, 3.803351773350329, 4.028542695068262, 4.15636507437165, 3.9780249103859706, 3.5083346286920665, 3.5538215937677244, 3.1486490362555375, 2.826970536935216, 2.746527974132603],
            [1.1822409254944566, 0.8964057229123042, 0.5754082628503385, 0.3913415766754324, 0.4877891997077136, 0.44398053624714384, 0.553503714423353, 0.6172269968962405, 0.6521894805562218, 0.5804897051041825, 0.4667996622949589, 0.559273912021437, 0.4695187497611819, 0.42389271212426877, 0.4255152993296403],
            [4.663739622533619, 3.221472009157523, 4.843955684700113, 6.184147580625842, 2.3222166853318345, 1.5694474005770138, 1.299110718562398, 2.7118695921583, 4.130482920701531, 3.6179465575156087],
            [20.516181025512225, 35.58731616963712, 9.624620773136886, 9.765080049613776, 25.871651884076527],
            15, 13),
        ["venetian"] = new(
            [11.047027535286668, 7.435120536795142, 5.467503759991641, 4.280227369424641, 3.311127172238824, 3.215147004185573, 3.1707609177359477, 3.16753802280882, 3.0490513198408062, 2.9657814960548525, 2.8461161863446, 2.678587384736714, 2.573442765071995, 2.48308334916888, 2.497382490609747],
            [0.4259472843154933, 0.5089619503731408, 0.3898915054117738, 0.20443168659063202, 0.23597420117728238, 0.19755312471236913, 0.19785041276834042, 0.2049707461077607, 0.23873281305161156, 0.25562228417748256, 0.22144029636869925, 0.19160703420131062, 0.19115998485233313, 0.17512670433279348, 0.1569114469131502],
            [3.164422184140636, 2.3159094806332354, 4.019874965819109, 4.0692221179308365, 4.091676345711409, 2.2643892396398226, 3.856986023310257, 2.411572890184746, 3.2163822967740443, 2.9051919325130995],
            [20.340399801196643, 36.37954880592688, 9.640146490720687, 9.018243920875907, 26.288654180612845],
            14, 13),
        ["contiguous scale=True"] = new(
            [11.82759246054815, 8.721375161092077, 5.477827163779081, 4.671881811047269, 3.75201408787473, 3.7254642432844376, 3.7744405046159537, 3.955987977656006, 4.074801557366131, 3.859742556367339, 3.4668471292531313, 3.582377842064794, 3.1217176837213527, 2.8189000701512956, 2.765729790161379],
            [1.1897328470296367, 0.9929569940076818, 0.573361591916808, 0.39938148569875, 0.4846063301314341, 0.44573507640046006, 0.5483728376268917, 0.6069060941973465, 0.6273750551227966, 0.5458698513191839, 0.4677170058793577, 0.5659386552601516, 0.46453571717992626, 0.41812142877449127, 0.4274869472057494],
            [4.510120710508758, 3.2428014124343276, 4.830858393417478, 6.274056519339679, 2.2928462821938007, 1.572630840718337, 1.3895242681698545, 2.749560493732744, 4.137228254302176, 3.574991846720567],
            [20.317017870175427, 35.59927460646763, 9.825256112104483, 9.26714218770603, 25.41520139852406],
            15, 13),
    };

    static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= relative * Math.Abs(expected[i]), $"value {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void Contiguous_blocks_and_venetian_blinds_deal_the_samples_as_scikit_learn()
    {
        Assert.Equal(SklearnContiguousFolds, CrossValidationFolds.Create(129, 10, FoldAssignment.ContiguousBlocks).FoldOf);
        Assert.Equal(SklearnVenetianFolds, CrossValidationFolds.Create(129, 10, FoldAssignment.VenetianBlinds).FoldOf);
    }

    [Theory]
    [InlineData("contiguous", FoldAssignment.ContiguousBlocks, false)]
    [InlineData("venetian", FoldAssignment.VenetianBlinds, false)]
    [InlineData("contiguous scale=True", FoldAssignment.ContiguousBlocks, true)]
    public void Pooled_RMSECV_its_standard_error_and_the_fold_results_match_scikit_learn(string name, FoldAssignment assignment, bool scale)
    {
        var reference = Sklearn[name];
        var folds = CrossValidationFolds.Create(Train.Count, 10, assignment);

        var cv = PlsRegression.CrossValidate(Train, folds, maxComponents: 15, scale: scale);

        Assert.Equal(Enumerable.Range(1, 15), cv.Rows.Select(r => r.Components));
        AssertClose(reference.Rmsecv, cv.Rows.Select(r => r.Rmsecv).ToList(), 1e-8);
        AssertClose(reference.StandardError, cv.Rows.Select(r => r.StandardError).ToList(), 1e-6);
        AssertClose(reference.FoldRmseAt5, cv.FoldResults.Select(f => f.Rmse[4]).ToList(), 1e-8);
        AssertClose(reference.FirstPredictionsAt5, cv.CrossValidatedPredictions(5)[..5], 1e-8);
        Assert.Equal((reference.Lowest, reference.OneStandardError), (cv.LowestRmsecvComponents, cv.OneStandardErrorComponents));
        Assert.Equal(Enumerable.Range(0, 10), cv.FoldResults.Select(f => f.Fold));
        Assert.Equal(Enumerable.Range(0, 129), cv.FoldResults.SelectMany(f => f.TestRows).Order());
    }

    [Fact]
    public void The_one_standard_error_rule_is_an_option_and_the_result_says_which_rule_chose_what()
    {
        var folds = CrossValidationFolds.Create(Train.Count, 10, FoldAssignment.VenetianBlinds);

        var lowest = PlsRegression.CrossValidate(Train, folds, maxComponents: 15);
        var oneSe = PlsRegression.CrossValidate(Train, folds, maxComponents: 15, rule: ComponentRule.OneStandardError);

        Assert.Equal((ComponentRule.LowestRmsecv, 14), (lowest.Rule, lowest.Best));
        Assert.Equal((ComponentRule.OneStandardError, 13), (oneSe.Rule, oneSe.Best));
        Assert.Equal(PlsRegression.Fit(Train, 13).Coefficients, oneSe.Model.Coefficients);
        Assert.Equal("lowest RMSECV: 14 components (2.4831 %); one-standard-error rule: 13 components (RMSECV 2.5734 ≤ 2.4831 + 0.1751 %); " +
                     "chosen by the one-standard-error rule: 13 components", oneSe.Choice);
        Assert.EndsWith("chosen by the lowest RMSECV: 14 components", lowest.Choice);
        string text = oneSe.ToString();
        Assert.StartsWith("PLS, 10-fold, venetian blinds cross-validation: the one-standard-error rule chooses 13 components\ncomponents", text);
        Assert.Contains("← one standard error", text);
        Assert.Contains("<th>RMSECV, fat (%)</th>", ((IHtmlDisplay)oneSe).ToHtml());
        Assert.Equal(17, text.Split('\n').Length);
    }

    [Fact]
    public void Training_RMSE_is_the_model_fitted_on_all_training_samples()
    {
        var cv = PlsRegression.CrossValidate(Train, CrossValidationFolds.Create(Train.Count, 5), maxComponents: 6);
        var direct = PlsRegression.Fit(Train, 6).Predict(Train);

        double rmse = Math.Sqrt(direct.Select((p, i) => (p - Train.Target[i]) * (double)(p - Train.Target[i])).Average());
        Assert.Equal(rmse, cv.Rows[5].TrainingRmse, 1e-4);
        Assert.True(cv.Rows[5].Rmsecv > cv.Rows[5].TrainingRmse);
    }

    [Fact]
    public void Random_folds_hold_out_every_sample_once_in_balanced_folds_and_repeat_with_the_seed()
    {
        var folds = CrossValidationFolds.Create(23, 5, FoldAssignment.Random, seed: 7);

        Assert.Equal([5, 5, 5, 4, 4], Enumerable.Range(0, 5).Select(f => folds.TestRows(f).Length));
        Assert.Equal(Enumerable.Range(0, 23), Enumerable.Range(0, 5).SelectMany(folds.TestRows).Order());
        Assert.Equal(folds.FoldOf, CrossValidationFolds.Create(23, 5, FoldAssignment.Random, seed: 7).FoldOf);
        Assert.NotEqual(folds.FoldOf, CrossValidationFolds.Create(23, 5, FoldAssignment.Random, seed: 8).FoldOf);
        Assert.NotEqual(folds.FoldOf, CrossValidationFolds.Create(23, 5).FoldOf);
        Assert.Equal(7, folds.Seed);
        Assert.Null(CrossValidationFolds.Create(23, 5, FoldAssignment.VenetianBlinds, seed: 7).Seed);
        Assert.Equal("5-fold, random (seed 7): 23 samples in folds of 5, 5, 5, 4, 4", folds.ToString());
        Assert.Equal(Enumerable.Range(0, 23).Except(folds.TestRows(2)), folds.TrainingRows(2));
        var (train, test) = folds.Split(Train.Subset(Enumerable.Range(0, 23).ToArray()), 2);
        Assert.Equal((18, 5), (train.Count, test.Count));
    }

    [Fact]
    public void Leave_one_out_is_k_equal_to_the_sample_count()
    {
        var folds = CrossValidationFolds.Create(6, 6, FoldAssignment.VenetianBlinds);

        Assert.Equal([0, 1, 2, 3, 4, 5], folds.FoldOf);
        Assert.Equal(folds.FoldOf, CrossValidationFolds.Create(6, 6).FoldOf);
    }

    [Theory]
    [InlineData(1, "must be at least 2 folds")]
    [InlineData(0, "must be at least 2 folds")]
    [InlineData(130, "must be at most the number of samples, 129")]
    public void Number_of_folds_outside_2_to_the_sample_count_is_refused_naming_k(int k, string message)
    {
        var error = Assert.Throws<InvalidSettingException>(() => CrossValidationFolds.Create(Train.Count, k));

        Assert.Equal("k", error.Parameter);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_fold_whose_training_targets_are_all_equal_is_refused_naming_the_folds()
    {
        // 12 samples: the first 6 all 2.5 % fat. Two contiguous blocks: the second fold learns from the first 6 only.
        var data = Train.Subset(Enumerable.Range(0, 12).ToArray());
        var target = data.Target;
        for (int i = 0; i < 6; i++) target[i] = 2.5f;
        data = data.WithTarget(target);

        var error = Assert.Throws<InvalidSettingException>(() => PlsRegression.CrossValidate(data, CrossValidationFolds.Create(12, 2), maxComponents: 3));

        Assert.Equal("folds", error.Parameter);
        Assert.Contains("the 6 samples that fold 2 of 2-fold, contiguous blocks learns from all have the same target, 2.5 %", error.Message);
        Assert.Equal(3, PlsRegression.CrossValidate(data, CrossValidationFolds.Create(12, 2, FoldAssignment.VenetianBlinds), maxComponents: 3).Rows.Count);
    }

    [Fact]
    public void Other_bad_settings_are_typed_errors_naming_the_setting()
    {
        var small = Train.Subset([0, 1, 2]);
        Assert.Equal("folds", Assert.Throws<InvalidSettingException>(() => PlsRegression.CrossValidate(Train, CrossValidationFolds.Create(100, 10))).Parameter);
        var tooFew = Assert.Throws<InvalidSettingException>(() => PlsRegression.CrossValidate(small, CrossValidationFolds.Create(3, 2)));
        Assert.Equal("folds", tooFew.Parameter);
        Assert.Contains("fold 1 of 2-fold, contiguous blocks leaves 1 sample to learn from, but PLS needs at least 2", tooFew.Message);
        Assert.Equal("maxComponents", Assert.Throws<InvalidSettingException>(() =>
            PlsRegression.CrossValidate(Train, CrossValidationFolds.Create(Train.Count, 10), maxComponents: 0)).Parameter);
        Assert.Equal("sampleCount", Assert.Throws<InvalidSettingException>(() => CrossValidationFolds.Create(1, 2)).Parameter);
        Assert.Equal("fold", Assert.Throws<InvalidSettingException>(() => CrossValidationFolds.Create(10, 5).TestRows(5)).Parameter);
        Assert.Equal("data", Assert.Throws<InvalidSettingException>(() => CrossValidationFolds.Create(10, 5).Split(Train, 0)).Parameter);
        Assert.Equal("assignment", Assert.Throws<InvalidSettingException>(() => CrossValidationFolds.Create(10, 5, (FoldAssignment)7)).Parameter);
        var cv = PlsRegression.CrossValidate(Train, CrossValidationFolds.Create(Train.Count, 10), maxComponents: 4);
        Assert.Equal("components", Assert.Throws<InvalidSettingException>(() => cv.CrossValidatedPredictions(5)).Parameter);
    }
}
