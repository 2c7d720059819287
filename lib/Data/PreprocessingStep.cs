using System.Globalization;

namespace NirNet.Data;

/// <summary>
/// One preprocessing step, recorded as a value so that a saved model prepares new spectra exactly as its training spectra
/// were prepared (chapter 8): <see cref="SnvStep"/>, <see cref="MscStep"/> or <see cref="SavitzkyGolayStep"/>, each standing
/// for the <see cref="Preprocess"/> function of the same name with the same settings. A <c>TrainedModel</c> applies its
/// steps in order, before the scaling fitted on the training set.
/// </summary>
public abstract record PreprocessingStep
{
    private protected PreprocessingStep() { }

    /// <summary>The step applied to spectra (samples × wavelengths).</summary>
    internal abstract float[,] Apply(float[,] spectra);

    /// <summary>Throws an <see cref="InvalidSettingException"/> when the step cannot apply to spectra of <paramref name="wavelengths"/> values.</summary>
    internal abstract void Check(int wavelengths);
}

/// <summary>Standard normal variate, <see cref="Preprocess.Snv"/>: each spectrum centred on its mean and divided by its standard deviation.</summary>
public sealed record SnvStep : PreprocessingStep
{
    internal override float[,] Apply(float[,] spectra) => Preprocess.Snv(spectra);

    internal override void Check(int wavelengths)
    {
        if (wavelengths < 2) throw new InvalidSettingException("SNV", $"needs spectra of at least 2 wavelengths, got {wavelengths}.");
    }

    /// <summary><c>SNV</c>.</summary>
    public override string ToString() => "SNV";
}

/// <summary>
/// Multiplicative scatter correction, <see cref="Preprocess.Msc"/>, against a fixed reference spectrum: the mean training
/// spectrum, <c>new MscStep(Preprocess.MeanSpectrum(train.Spectra))</c>, as the model was trained with it.
/// </summary>
/// <param name="Reference">One value per wavelength, in the order of the axis.</param>
public sealed record MscStep(IReadOnlyList<double> Reference) : PreprocessingStep
{
    internal override float[,] Apply(float[,] spectra) => Preprocess.Msc(spectra, Reference);

    internal override void Check(int wavelengths)
    {
        if (Reference.Count != wavelengths)
            throw new InvalidSettingException(nameof(Reference), $"has {Reference.Count} values, but the spectra have {wavelengths} wavelengths.");
        if (Reference.Any(r => !double.IsFinite(r)))
            throw new InvalidSettingException(nameof(Reference), "must hold finite numbers only.");
    }

    /// <summary><c>MSC</c> and the reference's length.</summary>
    public override string ToString() => $"MSC (reference of {Reference.Count} values)";
}

/// <summary>The Savitzky–Golay filter, <see cref="Preprocess.SavitzkyGolay"/>, with these settings (chapter 8's first derivative: 11, 2, 1).</summary>
/// <param name="WindowLength">Odd number of points in each window.</param>
/// <param name="PolynomialOrder">Order of the fitted polynomial.</param>
/// <param name="Derivative">0 to smooth, 1 for the first derivative, 2 for the second.</param>
public sealed record SavitzkyGolayStep(int WindowLength, int PolynomialOrder, int Derivative = 0) : PreprocessingStep
{
    internal override float[,] Apply(float[,] spectra) => Preprocess.SavitzkyGolay(spectra, WindowLength, PolynomialOrder, Derivative);

    internal override void Check(int wavelengths) => Preprocess.CheckSavitzkyGolay(wavelengths, WindowLength, PolynomialOrder, Derivative);

    /// <summary>The filter and its settings.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Savitzky–Golay (window {WindowLength}, order {PolynomialOrder}, derivative {Derivative})");
}
