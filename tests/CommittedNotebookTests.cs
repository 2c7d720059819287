using System.Buffers.Binary;
using System.Text.Json.Nodes;
using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>
/// What a visitor of the repository sees without running anything: every chart of every committed notebook carries a
/// static image (GitHub runs no scripts), the files stay small, and renderers know the code is C#.
/// </summary>
public sealed class CommittedNotebookTests
{
    public static TheoryData<string> Committed() => new(Notebooks.Names.Select(n => Path.ChangeExtension(n, ".ipynb")));

    static JsonNode Read(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Notebooks.Repository.Notebooks, name)))!;

    [Theory]
    [MemberData(nameof(Committed))]
    public void Every_chart_carries_its_image_inside_its_html_and_as_a_png_entry(string name)
    {
        var outputs = Read(name)["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!["data"]).OfType<JsonObject>();
        int charts = 0;
        foreach (var data in outputs)
        {
            if (PlotlyChart.TryParse(Ipynb.JoinText(data["text/html"])) is not { } chart)
                continue;
            charts++;
            string png = Ipynb.JoinText(data["image/png"]);
            Assert.True(png.Length > 0, $"{name}: chart '{chart.Title}' has no image/png entry");
            Assert.Contains($"<img src=\"data:image/png;base64,{png}\"", Ipynb.JoinText(data["text/html"]));
            byte[] bytes = Convert.FromBase64String(png);
            Assert.Equal(chart.Size, (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))));
        }
        Assert.True(charts > 0, $"{name} shows no chart (every chapter has one; a change in the chart output format would hide them all)");
    }

    [Theory]
    [MemberData(nameof(Committed))]
    public void Charts_have_distinct_element_ids(string name)
    {
        // Two charts with one id would both be drawn into the first one's place.
        var ids = Read(name)["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? [])
            .Select(o => PlotlyChart.TryParse(Ipynb.JoinText(o!["data"]?["text/html"]))?.DivId).OfType<string>().ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Committed))]
    public void Notebook_file_stays_under_one_megabyte(string name)
    {
        long bytes = new FileInfo(Path.Combine(Notebooks.Repository.Notebooks, name)).Length;
        Assert.True(bytes < 1_000_000, $"{name} is {bytes:N0} bytes");
    }

    [Theory]
    [MemberData(nameof(Committed))]
    public void Metadata_names_the_dotnet_kernel_and_the_csharp_lexer(string name)
    {
        var metadata = Read(name)["metadata"]!;
        Assert.Equal(".net-csharp", (string?)metadata["kernelspec"]!["name"]);
        Assert.Equal("csharp", (string?)metadata["language_info"]!["pygments_lexer"]);
        Assert.Equal("C#", (string?)metadata["language_info"]!["name"]);
        Assert.Equal("csharp", (string?)metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
    }
}
