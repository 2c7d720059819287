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

/// <summary>Charts of predictions against measurements.</summary>
public static partial class Charts
{
    /// <summary>Predicted against measured values with the 1:1 line; the metrics are in the title.</summary>
    public static GenericChart PredictedVsMeasured(IReadOnlyList<float> measured, IReadOnlyList<float> predicted, string targetLabel)
    {
        var metrics = RegressionMetrics.Of(measured, predicted);
        double low = Math.Min(measured.Min(), predicted.Min()), high = Math.Max(measured.Max(), predicted.Max());
        var points = CSharpChart.Point<float, float, string>(x: measured, y: predicted, Name: "test samples", MarkerColor: ColorOf(0));
        var identity = CSharpChart.Line<double, double, string>(x: [low, high], y: [low, high], Name: "1:1 line", LineColor: Color.fromString("#7f7f7f"), LineDash: StyleParam.DrawingStyle.Dash);
        return Titled(CSharpChart.Combine([points, identity])
            .WithXAxisStyle<double, double, string>(TitleText: $"measured {targetLabel}")
            .WithYAxisStyle<double, double, string>(TitleText: $"predicted {targetLabel}"), metrics.ToString());
    }
}
