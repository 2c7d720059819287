namespace NirNet.Data;

/// <summary>
/// A split whose spectra and target are standardised with scalers fitted on the training set (chapter 1).
/// <see cref="TargetScaler"/> turns predictions back into the target's units.
/// </summary>
/// <param name="Train">Scaled training set.</param>
/// <param name="Validation">Scaled validation set.</param>
/// <param name="Test">Scaled test set.</param>
/// <param name="SpectraScaler">Per-wavelength mean and standard deviation of the training spectra.</param>
/// <param name="TargetScaler">Mean and standard deviation of the training target.</param>
public sealed record ScaledSplit(SpectralDataset Train, SpectralDataset Validation, SpectralDataset Test, StandardScaler SpectraScaler, StandardScaler TargetScaler);
