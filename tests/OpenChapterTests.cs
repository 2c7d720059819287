namespace NirNet.Tests;

/// <summary>
/// The way to run the series without VS Code: <c>dotnet run --project tools/NotebookRunner -c Release -- --open 00</c>
/// runs the chapter in the real kernel, writes its page into the HTML book from that run and opens it in the browser.
/// </summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class OpenChapterTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nirnet-open-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Open_runs_the_chapter_writes_its_page_from_that_run_and_opens_it()
    {
        // A stand-in for the desktop's xdg-open (which .NET calls to open a URL) that records what it was asked to open.
        string opened = Path.Combine(folder, "opened.txt");
        string xdgOpen = Path.Combine(folder, "xdg-open");
        File.WriteAllText(xdgOpen, $"#!/bin/sh\necho \"$1\" > '{opened}'\n");
        File.SetUnixFileMode(xdgOpen, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var before = DateTime.UtcNow;

        var runner = await NirNet.NotebookRunner.ProgramRun.RunAsync("dotnet",
            [typeof(NirNet.NotebookRunner.Book).Assembly.Location, "--open", "00"], Notebooks.Repository.Root, TimeSpan.FromMinutes(10),
            new Dictionary<string, string> { ["PATH"] = folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") });
        string output = runner.Output;

        string page = Path.Combine(Notebooks.Repository.Artifacts, "book", "00-setup.html");
        Assert.True(runner.ExitCode == 0, output + runner.Error);
        Assert.Contains($"book: {new Uri(page).AbsoluteUri}", output);
        Assert.True(File.GetLastWriteTimeUtc(page) >= before.AddSeconds(-1), "the page was not written by this run");
        Assert.Contains(Path.Combine(Notebooks.Repository.Artifacts, "executed", "00-setup.ipynb"), output);
        Assert.Contains("TorchSharp 0.107.0", File.ReadAllText(page));
        for (int i = 0; i < 50 && !File.Exists(opened); i++)
            await Task.Delay(100);
        Assert.Equal(new Uri(page).AbsoluteUri, File.ReadAllText(opened).Trim());
    }
}
