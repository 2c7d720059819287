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

/// <summary>Charts of PLS models: how many components, and the regression coefficients.</summary>
public static partial class Charts
{
    /// <summary>
    /// How many PLS components? Training and validation RMSE, in the target's units, against the number of components,
    /// with the chosen number (the lowest validation RMSE) marked (chapter 1).
    /// </summary>
    public static GenericChart PlsComponents(PlsComponentSearch search)
    {
        var k = search.Rows.Select(r => r.Components).ToArray();
        var training = CSharpChart.Line<int, double, string>(x: k, y: search.Rows.Select(r => r.TrainingRmse), ShowMarkers: true, Name: "training", LineColor: ColorOf(0));
        var validation = CSharpChart.Line<int, double, string>(x: k, y: search.Rows.Select(r => r.ValidationRmse), ShowMarkers: true, Name: "validation", LineColor: ColorOf(1));
        var all = search.Rows.SelectMany(r => new[] { r.TrainingRmse, r.ValidationRmse }).ToList();
        var chosen = CSharpChart.Line<int, double, string>(x: [search.Best, search.Best], y: [all.Min(), all.Max()],
            Name: $"chosen: {search.Best} components", LineColor: ColorOf(2), LineDash: StyleParam.DrawingStyle.Dash);
        return Titled(CSharpChart.Combine([training, validation, chosen])
            .WithXAxisStyle<int, int, string>(TitleText: "number of PLS components")
            .WithYAxisStyle<double, double, string>(TitleText: $"RMSE, {search.Model.TargetLabel}")
            .WithLegendStyle(Orientation: StyleParam.Orientation.Horizontal, X: 0.0, Y: -0.2, YAnchor: StyleParam.YAnchorPosition.Top),
            $"How many PLS components? The validation RMSE is lowest at {search.Best}");
    }

    /// <summary>
    /// The regression coefficients of a PLS model over the spectral axis, with the zero line: where a higher spectrum raises
    /// the prediction and where it lowers it (chapter 1).
    /// </summary>
    public static GenericChart RegressionCoefficients(PlsRegression model)
    {
        var coefficients = CSharpChart.Line<double, double, string>(x: model.Wavelengths, y: model.Coefficients, Name: "coefficient", LineColor: ColorOf(0), ShowLegend: false);
        var zero = CSharpChart.Line<double, double, string>(x: [model.Wavelengths[0], model.Wavelengths[^1]], y: [0.0, 0.0], Name: "zero",
            LineColor: Color.fromString("#7f7f7f"), LineDash: StyleParam.DrawingStyle.Dash, ShowLegend: false);
        return Titled(SpectralXAxis(CSharpChart.Combine([coefficients, zero]), model.Axis)
            .WithYAxisStyle<double, double, string>(TitleText: $"coefficient, {model.TargetLabel} per spectral unit"),
            $"Which wavelengths raise or lower the prediction (PLS, {model.Components} components)?");
    }
}
