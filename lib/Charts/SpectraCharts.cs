using Microsoft.FSharp.Core;
using NirNet.Chemometrics;
using NirNet.Data;
using NirNet.Models;
using NirNet.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using System.Globalization;
using static NirNet.SmallMultiples;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace NirNet;

/// <summary>Charts of spectra over their axis.</summary>
public static partial class Charts
{
    /// <summary>
    /// The first <paramref name="count"/> spectra over the spectral axis, named by sample and target value. A wavenumber
    /// axis (cm⁻¹) runs from high to low, as spectroscopists draw it.
    /// </summary>
    /// <param name="data">The dataset whose first spectra to draw.</param>
    /// <param name="count">How many spectra.</param>
    /// <param name="yTitle">The y-axis title: what the values are.</param>
    /// <param name="title">The question the chart answers, shown above it; none when null.</param>
    public static GenericChart Spectra(SpectralDataset data, int count = 10, string yTitle = "absorbance log10(1/R)", string? title = null)
    {
        int n = Math.Min(count, data.Count);
        float[] target = data.Target;
        string[] ids = data.SampleIds;
        double[] axis = data.Wavelengths;
        var traces = Enumerable.Range(0, n).Select(i =>
            CSharpChart.Line<double, float, string>(x: axis, y: Enumerable.Range(0, data.WavelengthCount).Select(j => data.Spectra[i, j]),
                Name: string.Create(CultureInfo.InvariantCulture, $"{ids[i]}: {data.TargetName} {target[i]:0.##} {data.TargetUnit}").TrimEnd(), LineColor: ColorOf(i))).ToArray();
        return Titled(SpectralXAxis(CSharpChart.Combine(traces), data.Axis)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle), title);
    }

    /// <summary>Titles the x axis with <see cref="SpectralAxis.Title"/>, high to low when <see cref="SpectralAxis.DrawnHighToLow"/>.</summary>
    static GenericChart SpectralXAxis(GenericChart chart, SpectralAxis axis)
    {
        var titled = chart.WithXAxisStyle<double, double, string>(TitleText: axis.Title);
        if (!axis.DrawnHighToLow) return titled;
        var reversed = new LinearAxis();
        reversed.SetProperty("autorange", "reversed");
        return Plotly.NET.Chart.withXAxis(reversed, FSharpOption<StyleParam.SubPlotId>.None).Invoke(titled);
    }
}
