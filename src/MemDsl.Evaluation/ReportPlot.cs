using ScottPlot;

namespace MemDsl.Evaluation;

/// <summary>
/// The PNG charts of the reports (<c>memdsl bench</c>, <c>memdsl evolve</c>): one ScottPlot code path, so
/// every chart has the same size, fonts and legend placement.
/// </summary>
public static class ReportPlot
{
    /// <summary>One named series of a chart.</summary>
    /// <param name="Label">The legend text; null leaves the series out of the legend.</param>
    /// <param name="X">X values.</param>
    /// <param name="Y">Y values, as many as <paramref name="X"/>.</param>
    /// <param name="Lines">True joins the points with a line; false draws markers only.</param>
    /// <param name="MarkerSize">Marker diameter in pixels (0: none).</param>
    public sealed record Series(string? Label, double[] X, double[] Y, bool Lines = true, float MarkerSize = 5);

    /// <summary>Draws the series on one chart and saves it as a PNG.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">X axis label.</param>
    /// <param name="yLabel">Y axis label.</param>
    /// <param name="series">What to draw, in drawing order.</param>
    /// <param name="unitY">True fixes the y axis to [0, 1] (recall and similar fractions).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool unitY = true, int width = 800, int height = 500)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        var legend = false;
        foreach (var item in series)
        {
            if (item.X.Length != item.Y.Length)
            {
                throw new ArgumentException($"Series '{item.Label}' has {item.X.Length} x values and {item.Y.Length} y values.", nameof(series));
            }

            var scatter = plot.Add.Scatter(item.X, item.Y);
            scatter.MarkerSize = item.MarkerSize;
            if (!item.Lines)
            {
                scatter.LineWidth = 0;
            }

            if (item.Label is not null)
            {
                scatter.LegendText = item.Label;
                legend = true;
            }
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (unitY)
        {
            plot.Axes.SetLimitsY(0, 1);
        }

        if (legend)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }

        plot.SavePng(path, width, height);
    }
}
