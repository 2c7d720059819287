using System.Text.RegularExpressions;
using static NirNet.Tests.Chapters;
using static NirNet.Tests.OutputText;

namespace NirNet.Tests;

/// <summary>Every chapter's claims: checked in the notebook, shown, and found by id.</summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class ChapterClaimTests
{
    [Theory]
    [InlineData(Chapter1)]
    [InlineData(Chapter2)]
    [InlineData(Chapter3)]
    [InlineData(Chapter4)]
    [InlineData(Chapter5)]
    [InlineData(Chapter6)]
    [InlineData(Chapter7)]
    [InlineData(Chapter8)]
    [InlineData(Chapter9)]
    public async Task Every_claim_a_chapter_makes_has_an_id_is_checked_and_shown(string name)
    {
        var notebook = await Notebooks.ExecuteWithoutErrorsAsync(name);

        var ids = notebook.ClaimIdsInSource();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Order(), notebook.Claims().Keys.Order());
        Assert.Equal(notebook.CodeCells.Sum(c => Regex.Matches(c.Source, @"Claim\.Check\(").Count), ids.Count);
    }
}
