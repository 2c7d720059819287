using System.Globalization;
using NirNet.Data;

namespace NirNet.Chemometrics;

/// <summary>
/// Partial least squares regression of one target on the spectra (PLS1), the chemometrician's baseline: introduced in
/// chapter 1, the baseline of chapters 6 and 8. The spectra X and the target y are centred on their training means (with
/// <c>scale: true</c> each wavelength is also divided by its training standard deviation), then NIPALS extracts one
/// component at a time:
/// <list type="number">
/// <item>weights w = Xᵀy / ‖Xᵀy‖: the direction in which the spectra covary most with the target;</item>
/// <item>scores t = Xw, spectral loadings p = Xᵀt / tᵀt and target loading q = yᵀt / tᵀt;</item>
/// <item>deflation X ← X − tpᵀ and y ← y − tq, so that the next component works on what is left.</item>
/// </list>
/// The scores of the components are mutually orthogonal. The model with k components predicts y = Xb with
/// b = W(PᵀW)⁻¹q over the first k weights, loadings and target loadings; <see cref="Coefficients"/> and
/// <see cref="Intercept"/> are that model turned back to the raw spectra.
/// Reference: S. Wold, M. Sjöström and L. Eriksson, PLS-regression: a basic tool of chemometrics,
/// Chemometr. Intell. Lab. Syst. 58 (2001) 109–130.
/// </summary>
public sealed class PlsRegression
{
    PlsRegression(Nipals fit, int components)
    {
        int p = fit.Mean.Length;
        var coefficients = new double[p];
        for (int a = 0; a < components; a++)
            for (int j = 0; j < p; j++)
                coefficients[j] += fit.Rotations[a][j] * fit.TargetLoadings[a];
        double intercept = fit.TargetMean;
        for (int j = 0; j < p; j++)
        {
            coefficients[j] /= fit.Scale[j];
            intercept -= fit.Mean[j] * coefficients[j];
        }
        Components = components;
        Intercept = intercept;
        Coefficients = coefficients;
        Axis = fit.Axis;
        Wavelengths = fit.Axis.Values;
        WavelengthUnit = fit.Axis.Unit;
        TargetLabel = fit.TargetLabel;
        Scores = fit.Scores[..components];
    }

    /// <summary>The number of PLS components (latent variables) of the model (chapter 1).</summary>
    public int Components { get; }

    /// <summary>The predicted target for a spectrum of zeros, in the target's units (chapter 1).</summary>
    public double Intercept { get; }

    /// <summary>
    /// One coefficient per wavelength, in target units per spectral unit: the prediction for a raw spectrum x is
    /// <see cref="Intercept"/> + Σⱼ xⱼ bⱼ (chapter 1).
    /// </summary>
    public IReadOnlyList<double> Coefficients { get; }

    /// <summary>The wavelength axis of the training spectra, in <see cref="WavelengthUnit"/> (chapter 1).</summary>
    public IReadOnlyList<double> Wavelengths { get; }

    /// <summary>The unit of <see cref="Wavelengths"/>, as in the training set (chapter 1).</summary>
    public SpectralAxisUnit WavelengthUnit { get; }

    /// <summary>The spectral axis of the training spectra: values, unit and direction (chapter 1).</summary>
    public SpectralAxis Axis { get; }

    /// <summary>The target and its unit, for example <c>SOM (%)</c>, as in the training set (chapter 1).</summary>
    public string TargetLabel { get; }

    /// <summary>The training samples' scores t, one array per component: mutually orthogonal.</summary>
    internal IReadOnlyList<double[]> Scores { get; }

    /// <summary>
    /// Fits a PLS model with <paramref name="components"/> components to the training set (chapter 1).
    /// </summary>
    /// <param name="train">The training set; its means (and standard deviations) are the only ones the model uses.</param>
    /// <param name="components">Number of components, from 1 to the smaller of samples − 1 and wavelengths.</param>
    /// <param name="scale">
    /// Also divide each wavelength by its training standard deviation (sample form, as scikit-learn's <c>scale=True</c>),
    /// so that every wavelength weighs the same whatever its variance.
    /// </param>
    public static PlsRegression Fit(SpectralDataset train, int components, bool scale = false)
    {
        int limit = ComponentLimit(train);
        if (components < 1 || components > limit)
            throw new InvalidSettingException(nameof(components),
                $"must be from 1 to {limit} (the smaller of samples − 1 and wavelengths of {train.Source}), got {components}.");
        var fit = Nipals.Run(train, components, scale);
        if (fit.Scores.Length < components)
            throw new InvalidSettingException(nameof(components), $"is {components}, but {fit.Stopped}");
        return new PlsRegression(fit, components);
    }

    /// <summary>
    /// Fits models with 1 to <paramref name="maxComponents"/> components (fewer when the training set does not allow as
    /// many), measures the RMSE of each on the training and the validation set, and chooses the number of components
    /// with the lowest validation RMSE (the smallest such number on a tie) (chapter 1). All models come from one fit:
    /// the model with k components is the first k components of the largest.
    /// </summary>
    /// <param name="train">The set the models learn from.</param>
    /// <param name="validation">The set that chooses the number of components (not the test set).</param>
    /// <param name="maxComponents">The largest number of components tried.</param>
    /// <param name="scale">As in <see cref="Fit"/>.</param>
    public static PlsComponentSearch ChooseComponents(SpectralDataset train, SpectralDataset validation, int maxComponents = 20, bool scale = false)
    {
        if (maxComponents < 1)
            throw new InvalidSettingException(nameof(maxComponents), $"must be at least 1, got {maxComponents}.");
        if (validation.Count == 0)
            throw new SpectralDataException($"{validation.Source}: the validation set has no samples.");
        var fit = Nipals.Run(train, Math.Min(maxComponents, ComponentLimit(train)), scale);
        var models = Enumerable.Range(1, fit.Scores.Length).Select(k => new PlsRegression(fit, k)).ToList();
        var rows = models.Select(m => new PlsComponentRow(m.Components, m.Rmse(train), m.Rmse(validation))).ToList();
        int best = rows.MinBy(r => r.ValidationRmse)!.Components;
        return new PlsComponentSearch(rows, models[best - 1]);
    }

    /// <summary>
    /// K-fold cross-validation of PLS models with 1 to <paramref name="maxComponents"/> components on the training set alone
    /// (chapter 8): for each fold, models fitted on the other folds predict the samples it holds out, so that every training
    /// sample is predicted once by a model that did not see it. For each number of components the result gives the pooled
    /// RMSECV, its standard error from the per-fold RMSEs and the training RMSE; the per-fold results; and the number of
    /// components that <paramref name="rule"/> chooses, with the model of that many components fitted on the whole training
    /// set. Fewer components are tried when a fold's training samples do not allow as many.
    /// </summary>
    /// <param name="train">The training set; the validation and test sets play no part.</param>
    /// <param name="folds">Folds made for <paramref name="train"/> by <see cref="CrossValidationFolds.Create"/>.</param>
    /// <param name="maxComponents">The largest number of components tried.</param>
    /// <param name="scale">As in <see cref="Fit"/>; each fold's model is scaled by its own training samples.</param>
    /// <param name="rule">The lowest RMSECV, or the one-standard-error rule.</param>
    public static PlsCrossValidation CrossValidate(SpectralDataset train, CrossValidationFolds folds, int maxComponents = 20, bool scale = false,
        ComponentRule rule = ComponentRule.LowestRmsecv)
    {
        folds.CheckFor(train, nameof(folds));
        if (maxComponents < 1)
            throw new InvalidSettingException(nameof(maxComponents), $"must be at least 1, got {maxComponents}.");
        if (!Enum.IsDefined(rule))
            throw new InvalidSettingException(nameof(rule), $"is {(int)rule}; use LowestRmsecv or OneStandardError.");
        var full = Nipals.Run(train, Math.Min(maxComponents, ComponentLimit(train)), scale);
        int n = train.Count, count = full.Scores.Length;
        float[] measured = train.Target;
        var predictions = Enumerable.Range(0, count).Select(_ => new double[n]).ToArray();
        var testRows = new int[folds.K][];
        for (int fold = 0; fold < folds.K; fold++)
        {
            var (foldTrain, foldTest) = folds.Split(train, fold);
            testRows[fold] = folds.TestRows(fold);
            if (foldTrain.Count < 2)
                throw new InvalidSettingException(nameof(folds),
                    $"fold {fold + 1} of {folds.Description} leaves {foldTrain.Count} sample to learn from, but PLS needs at least 2: use fewer folds.");
            float[] foldTarget = foldTrain.Target;
            if (foldTarget.All(v => v == foldTarget[0]))
                throw new InvalidSettingException(nameof(folds), string.Create(CultureInfo.InvariantCulture,
                    $"the {foldTrain.Count} samples that fold {fold + 1} of {folds.Description} learns from all have the same target, " +
                    $"{foldTarget[0]} {train.TargetUnit}; PLS has nothing to regress on there. Use another assignment (venetian blinds or random folds) or fewer folds."));
            Nipals fit;
            try
            {
                fit = Nipals.Run(foldTrain, Math.Min(count, ComponentLimit(foldTrain)), scale);
            }
            catch (SpectralDataException e)
            {
                throw new InvalidSettingException(nameof(folds), $"the model of fold {fold + 1} of {folds.Description} cannot be fitted: {e.Message}");
            }
            count = Math.Min(count, fit.Scores.Length);
            for (int a = 1; a <= count; a++)
            {
                double[] predicted = new PlsRegression(fit, a).Predicted(foldTest);
                for (int i = 0; i < predicted.Length; i++) predictions[a - 1][testRows[fold][i]] = predicted[i];
            }
        }

        static double Rmse(IEnumerable<int> rows, double[] predicted, float[] measured) =>
            Math.Sqrt(rows.Average(i => (predicted[i] - measured[i]) * (predicted[i] - measured[i])));
        var foldResults = testRows.Select((rows, fold) => new PlsFoldResult(fold, rows,
            predictions.Take(count).Select(p => Rmse(rows, p, measured)).ToArray())).ToList();
        var resultRows = Enumerable.Range(1, count).Select(a =>
        {
            double standardError = Statistics.MeanAndDeviation(foldResults.Select(f => f.Rmse[a - 1]).ToList()).StandardDeviation / Math.Sqrt(folds.K);
            return new PlsCrossValidationRow(a, new PlsRegression(full, a).Rmse(train), Rmse(Enumerable.Range(0, n), predictions[a - 1], measured), standardError);
        }).ToList();
        return new PlsCrossValidation(folds, rule, resultRows, foldResults, predictions[..count], a => new PlsRegression(full, a), train.TargetUnit);
    }

    /// <summary>
    /// Predicted target values for the spectra of <paramref name="data"/>, in the target's units (chapter 1). The data must
    /// be on the training set's wavelength axis.
    /// </summary>
    public float[] Predict(SpectralDataset data) => Predicted(data).Select(v => (float)v).ToArray();

    /// <summary>One line: components, target and wavelength axis.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"PLS regression of {TargetLabel}: {Components} components, {Wavelengths.Count} wavelengths ({Axis.Range})");

    double[] Predicted(SpectralDataset data)
    {
        CheckAxis(data);
        var predicted = new double[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            double sum = Intercept;
            for (int j = 0; j < Coefficients.Count; j++) sum += data.Spectra[i, j] * Coefficients[j];
            predicted[i] = sum;
        }
        return predicted;
    }

    double Rmse(SpectralDataset data)
    {
        double[] predicted = Predicted(data);
        float[] measured = data.Target;
        double squares = 0;
        for (int i = 0; i < data.Count; i++) squares += (predicted[i] - measured[i]) * (predicted[i] - measured[i]);
        return Math.Sqrt(squares / data.Count);
    }

    void CheckAxis(SpectralDataset data)
    {
        var axis = data.Axis;
        bool same = axis.Count == Wavelengths.Count && axis.Unit == WavelengthUnit
            && Enumerable.Range(0, Wavelengths.Count).All(j => Math.Abs(axis[j] - Wavelengths[j]) <= 1e-6 * (1 + Math.Abs(Wavelengths[j])));
        if (!same)
            throw new SpectralDataException(
                $"{data.Source} has {data.WavelengthCount} wavelengths ({axis.Range}), but the model was fitted on " +
                $"{Wavelengths.Count} wavelengths ({Axis.Range}); predict only spectra on the training axis.");
    }

    static int ComponentLimit(SpectralDataset train)
    {
        if (train.Count < 2 || train.WavelengthCount < 1)
            throw new SpectralDataException($"{train.Source}: PLS needs at least 2 training samples and 1 wavelength, got {train.Count} × {train.WavelengthCount}.");
        return Math.Min(train.Count - 1, train.WavelengthCount);
    }

    /// <summary>What NIPALS extracted from one training set: everything the model with any number of its components needs.</summary>
    sealed class Nipals
    {
        /// <summary>
        /// Spectra and target come as float32, whose relative precision is 2⁻²³ ≈ 1.2e-7: what is left of them below that
        /// share of their raw size is rounding, not signal.
        /// </summary>
        const double Precision = 1.0 / (1 << 23);

        public required double[] Mean { get; init; }
        public required double[] Scale { get; init; }
        public required double TargetMean { get; init; }
        public required double[][] Rotations { get; init; }
        public required double[] TargetLoadings { get; init; }
        public required double[][] Scores { get; init; }
        public required string? Stopped { get; init; }
        public required SpectralAxis Axis { get; init; }
        public required string TargetLabel { get; init; }

        /// <summary>
        /// Extracts up to <paramref name="components"/> components; fewer when nothing is left of the spectra, or of the target
        /// that they could explain (<see cref="Stopped"/> says why).
        /// </summary>
        public static Nipals Run(SpectralDataset train, int components, bool scale)
        {
            int n = train.Count, p = train.WavelengthCount;
            var (x, mean, sd) = CentredSpectra(train, scale);
            double targetMean = train.Target.Average(v => (double)v);
            var y = train.Target.Select(v => v - targetMean).ToArray();
            if (y.All(v => v == 0))
                throw new SpectralDataException($"{train.Source}: the target is the same for every training sample; there is nothing to regress.");
            if (SumOfSquares(x) == 0)
                throw new SpectralDataException($"{train.Source}: the training spectra are all the same; there is nothing to regress on.");
            double xSize = 0, ySize = Math.Sqrt(train.Target.Sum(v => (double)v * v));
            for (int i = 0; i < n; i++)
                for (int j = 0; j < p; j++) xSize += train.Spectra[i, j] / sd[j] * (train.Spectra[i, j] / sd[j]);
            xSize = Math.Sqrt(xSize);

            var loadings = new List<double[]>();
            var rotations = new List<double[]>();
            var targetLoadings = new List<double>();
            var scores = new List<double[]>();
            string? stopped = null;
            while (scores.Count < components)
            {
                int a = scores.Count;
                var w = new double[p];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < p; j++) w[j] += x[i, j] * y[i];
                double wNorm = Math.Sqrt(w.Sum(v => v * v));
                if (Math.Sqrt(SumOfSquares(x)) <= Precision * xSize)
                    stopped = $"the centred training spectra have only {a} independent directions (rank {a}, to float32 precision), so PLS finds at most {a} components.";
                else if (Math.Sqrt(y.Sum(v => v * v)) <= Precision * ySize || wNorm == 0)
                    stopped = $"after {a} components nothing is left of the target that the spectra could explain (it is fitted exactly, " +
                        $"or what is left is uncorrelated with them), so PLS finds at most {a} components.";
                if (stopped is not null)
                {
                    if (a == 0) throw new SpectralDataException($"{train.Source}: {stopped}");
                    break;
                }
                for (int j = 0; j < p; j++) w[j] /= wNorm;

                var t = new double[n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < p; j++) t[i] += x[i, j] * w[j];
                double tt = t.Sum(v => v * v);
                var loading = new double[p];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < p; j++) loading[j] += x[i, j] * t[i] / tt;
                double q = 0;
                for (int i = 0; i < n; i++) q += y[i] * t[i] / tt;

                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < p; j++) x[i, j] -= t[i] * loading[j];
                    y[i] -= t[i] * q;
                }

                // Rotation r with t = X₀r on the centred spectra: r = w − Σ (p_bᵀw) r_b over the earlier components b.
                var r = (double[])w.Clone();
                for (int b = 0; b < a; b++)
                {
                    double overlap = 0;
                    for (int j = 0; j < p; j++) overlap += loadings[b][j] * w[j];
                    for (int j = 0; j < p; j++) r[j] -= overlap * rotations[b][j];
                }
                loadings.Add(loading);
                rotations.Add(r);
                targetLoadings.Add(q);
                scores.Add(t);
            }
            return new Nipals
            {
                Mean = mean, Scale = sd, TargetMean = targetMean, Rotations = [.. rotations], TargetLoadings = [.. targetLoadings],
                Scores = [.. scores], Stopped = stopped, Axis = train.Axis,
                TargetLabel = train.TargetLabel,
            };
        }

        /// <summary>The training spectra in double precision minus each wavelength's mean, divided by its standard deviation when <paramref name="scale"/>.</summary>
        static (double[,] X, double[] Mean, double[] Scale) CentredSpectra(SpectralDataset train, bool scale)
        {
            int n = train.Count, p = train.WavelengthCount;
            var x = new double[n, p];
            var mean = new double[p];
            var sd = new double[p];
            for (int j = 0; j < p; j++)
            {
                for (int i = 0; i < n; i++) mean[j] += train.Spectra[i, j];
                mean[j] /= n;
                double squares = 0;
                for (int i = 0; i < n; i++) squares += (train.Spectra[i, j] - mean[j]) * (train.Spectra[i, j] - mean[j]);
                sd[j] = scale ? Math.Sqrt(squares / (n - 1)) : 1;
                if (sd[j] == 0)
                    throw new SpectralDataException(string.Create(CultureInfo.InvariantCulture,
                        $"{train.Source}: the spectra do not vary at {train.Axis[j]} {train.Axis.Symbol}, so scale: true cannot divide by their standard deviation there. Fit with scale: false, or leave that wavelength out."));
                for (int i = 0; i < n; i++) x[i, j] = (train.Spectra[i, j] - mean[j]) / sd[j];
            }
            return (x, mean, sd);
        }

        static double SumOfSquares(double[,] x)
        {
            double sum = 0;
            foreach (double v in x) sum += v * v;
            return sum;
        }
    }
}
