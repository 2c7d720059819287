namespace NirNet.Tests;

public sealed class ClaimTests
{
    [Fact]
    public void A_claim_that_holds_shows_its_statement_evidence_and_id()
    {
        var claim = Claim.Check("relu-first", "ReLU gets there first", true, "6 vs 66 epochs");

        Assert.Equal("✔ ReLU gets there first (6 vs 66 epochs)", claim.ToString());
        Assert.Contains("data-claim=\"relu-first\"", ((IHtmlDisplay)claim).ToHtml());
    }

    [Fact]
    public void A_claim_that_does_not_hold_throws_naming_its_id()
    {
        var error = Assert.Throws<ClaimFailedException>(() => Claim.Check("relu-first", "ReLU gets there first", false, "66 vs 6 epochs"));

        Assert.Contains("relu-first", error.Message);
        Assert.Contains("66 vs 6 epochs", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ReLU first")]
    [InlineData("relu--first")]
    [InlineData("-relu")]
    public void A_claim_id_must_be_lower_case_words_joined_by_hyphens(string id)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Claim.Check(id, "statement", true, "evidence"));

        Assert.Contains("id", error.Message);
    }
}
