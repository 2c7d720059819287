using System.Globalization;
using System.Text;

namespace NirNet.Data;

/// <summary>
/// A documented, seeded simulator of soil Vis–NIR absorbance spectra (400–2500 nm) with soil organic matter (SOM, %)
/// as the target; it makes the dataset shipped in <c>data/</c> so that every chapter runs offline (chapter 1).
/// <para>
/// Each soil has an organic matter content (log-normal, median 2 %), a clay content (5–55 %) and a moisture content
/// (2–30 %). Its absorbance log10(1/R) is the sum of: a baseline that darkens and steepens towards the visible as SOM
/// rises (saturating, as dark soils stop getting darker); iron-oxide bands near 480 and 900 nm; water bands near 1450
/// and 1940 nm; clay (Al–OH) bands near 1410, 2205 and 2345 nm; organic C–H and N–H bands near 1725, 2050, 2170, 2310
/// and 2350 nm whose depth saturates with SOM and is partly masked by water. A random smooth baseline, a multiplicative
/// scatter factor, an additive offset and instrument noise follow. SOM therefore acts on the spectra non-linearly and
/// through interactions, the situation in which a neural network can beat a linear model. The values are plausible, not
/// fitted to any real instrument: treat results on them as a teaching example, not as soil science.
/// </para>
/// </summary>
public static class SoilSpectraSimulator
{
    /// <summary>The seed of the dataset shipped in <c>data/</c>.</summary>
    public const int ShippedSeed = 2016;

    /// <summary>The number of samples of the dataset shipped in <c>data/</c>.</summary>
    public const int ShippedSamples = 400;

    /// <summary>The file name of the dataset shipped in <c>data/</c>.</summary>
    public const string ShippedFileName = "soil-vnir-simulated.csv";

    /// <summary>Wavelengths of the simulated spectra: 400 to 2500 nm every 10 nm (211 values), a common resampling in soil spectroscopy.</summary>
    public static double[] Wavelengths() => Enumerable.Range(0, 211).Select(i => 400.0 + 10 * i).ToArray();

    /// <summary>Writes <paramref name="samples"/> simulated soils, reproducibly from <paramref name="seed"/>, as CSV text.</summary>
    /// <remarks>Columns: <c>sample</c>, <c>SOM</c> (%), <c>clay</c> (%), <c>moisture</c> (%), then one column per wavelength in nm.</remarks>
    public static string ToCsv(int samples = ShippedSamples, int seed = ShippedSeed)
    {
        if (samples < 1) throw new InvalidSettingException(nameof(samples), $"must be at least 1, got {samples}.");
        var random = new Random(seed);
        double[] nm = Wavelengths();
        var text = new StringBuilder();
        text.Append("sample,SOM,clay,moisture,").AppendJoin(',', nm.Select(w => w.ToString(CultureInfo.InvariantCulture))).Append('\n');
        for (int s = 1; s <= samples; s++)
        {
            var soil = Soil.Draw(random);
            double[] absorbance = Spectrum(soil, nm, random);
            double measuredSom = soil.Som * (1 + 0.03 * Normal(random));
            text.Append(CultureInfo.InvariantCulture, $"soil-{s:000},{measuredSom:F3},{soil.Clay:F1},{100 * soil.Moisture:F1}");
            foreach (double a in absorbance) text.Append(CultureInfo.InvariantCulture, $",{a:F5}");
            text.Append('\n');
        }
        return text.ToString();
    }

    sealed record Soil(double Som, double Clay, double Moisture, double Iron)
    {
        public static Soil Draw(Random random) => new(
            Som: Math.Clamp(2.0 * Math.Exp(0.6 * Normal(random)), 0.3, 12),
            Clay: 5 + 50 * random.NextDouble(),
            Moisture: 0.02 + 0.28 * random.NextDouble(),
            Iron: 0.5 + 3.5 * random.NextDouble());
    }

    static double[] Spectrum(Soil soil, double[] nm, Random random)
    {
        double darkness = 0.30 * (1 - Math.Exp(-soil.Som / 3.0));
        double organic = 0.25 * soil.Som / (soil.Som + 3.0) * (1 - soil.Moisture);
        double clay = soil.Clay / 50.0;
        double scatter = 1 + 0.03 * Normal(random), offset = 0.01 * Normal(random);
        double b1 = 0.01 * Normal(random), b2 = 0.01 * Normal(random);
        var result = new double[nm.Length];
        for (int k = 0; k < nm.Length; k++)
        {
            double x = nm[k], u = (x - 400) / 2100;
            double a = 0.20 + darkness + (0.25 + 0.5 * darkness) * Math.Exp(-(x - 400) / 350)
                + soil.Iron / 4 * (0.04 * Band(x, 480, 60) + 0.03 * Band(x, 900, 120))
                + soil.Moisture * (0.6 * Band(x, 1450, 40) + 1.0 * Band(x, 1940, 50))
                + clay * (0.05 * Band(x, 1410, 15) + 0.10 * Band(x, 2205, 25) + 0.04 * Band(x, 2345, 30))
                + organic * (0.35 * Band(x, 1725, 20) + 0.25 * Band(x, 2050, 30) + 0.30 * Band(x, 2170, 25)
                             + 0.60 * Band(x, 2310, 25) + 0.40 * Band(x, 2350, 20))
                + b1 * u + b2 * u * u;
            double noise = 0.0015 * (u is < 0.05 or > 0.95 ? 3 : 1) * Normal(random);
            result[k] = scatter * a + offset + noise;
        }
        return result;
    }

    static double Band(double x, double centre, double width) => Math.Exp(-0.5 * Math.Pow((x - centre) / width, 2));

    /// <summary>A standard normal draw (Box–Muller), so that the stream of numbers depends only on <see cref="Random"/>.</summary>
    static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
