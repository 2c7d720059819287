namespace NirNet.Tests;

/// <summary>The chapters' notebook sources, by number.</summary>
internal static class Chapters
{
    public const string Chapter1 = "01-dnn-spectral-regression.dib";
    public const string Chapter2 = "02-activation-functions.dib";
    public const string Chapter3 = "03-relu-vs-sigmoid.dib";
    public const string Chapter4 = "04-optimizers.dib";
    public const string Chapter5 = "05-learning-rate.dib";
    public const string Chapter6 = "06-architecture.dib";
    public const string Chapter7 = "07-cnn-spectra.dib";
    public const string Chapter8 = "08-real-spectra-pls.dib";
    public const string Chapter9 = "09-real-spectra-networks.dib";
}
