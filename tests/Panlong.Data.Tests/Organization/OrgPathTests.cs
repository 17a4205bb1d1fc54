using Panlong.Data.Organization;

namespace Panlong.Data.Tests.Organization;

public class OrgPathTests
{
    private const string District = "/530103/";
    private const string Street = "/530103/530103001/";
    private const string Community = "/530103/530103001/530103001001/";
    private const string Grid = "/530103/530103001/530103001001/530103001001007/";

    [Theory]
    [InlineData(District, OrgLevel.District, 1)]
    [InlineData(Street, OrgLevel.Street, 2)]
    [InlineData(Community, OrgLevel.Community, 3)]
    [InlineData(Grid, OrgLevel.Grid, 4)]
    public void Level_OfARegionPath_IsItsDepthInTheTree(string path, OrgLevel level, int depth)
    {
        var parsed = OrgPath.Parse(path);
        Assert.Equal(level, parsed.Level);
        Assert.Equal(depth, parsed.Depth);
        Assert.True(parsed.IsRegion);
    }

    [Theory]
    [InlineData("/530103/530103-BM01/", "530103-BM01")]
    [InlineData("/530103/530103-BM05/530103-BM22/", "530103-BM22")]
    [InlineData("/530103/530103001/530103001-ZX/", "530103001-ZX")]
    public void Level_OfADepartmentOrCommandCenter_IsNone(string path, string leaf)
    {
        var parsed = OrgPath.Parse(path);
        Assert.Null(parsed.Level);
        Assert.False(parsed.IsRegion);
        Assert.Equal(leaf, parsed.Leaf);
    }

    [Fact]
    public void Root_IsTheWholeTree()
    {
        Assert.Same(OrgPath.Root, OrgPath.Parse("/"));
        Assert.Equal(0, OrgPath.Root.Depth);
        Assert.Null(OrgPath.Root.Level);
        Assert.Null(OrgPath.Root.Parent);
        Assert.Empty(OrgPath.Root.Codes);
        Assert.True(OrgPath.Root.Covers(OrgPath.Parse(Grid)));
    }

    [Fact]
    public void CodeAt_ReadsTheRegionAtEachLevel_AndNothingBelowThePath()
    {
        var grid = OrgPath.Parse(Grid);
        Assert.Equal("530103", grid.CodeAt(OrgLevel.District));
        Assert.Equal("530103001", grid.CodeAt(OrgLevel.Street));
        Assert.Equal("530103001001", grid.CodeAt(OrgLevel.Community));
        Assert.Equal("530103001001007", grid.CodeAt(OrgLevel.Grid));
        Assert.Equal("530103001001007", grid.Leaf);

        var street = OrgPath.Parse(Street);
        Assert.Null(street.CodeAt(OrgLevel.Community));
        Assert.Equal("530103001", street.CodeAtOrLeaf(OrgLevel.Community));
    }

    [Fact]
    public void Parent_IsThePathWithoutItsLeaf()
    {
        Assert.Equal(OrgPath.Parse(Community), OrgPath.Parse(Grid).Parent);
        Assert.Equal(OrgPath.Root, OrgPath.Parse(District).Parent);
    }

    [Fact]
    public void Covers_IsAncestorOrSelf()
    {
        var street = OrgPath.Parse(Street);
        Assert.True(street.Covers(street));
        Assert.True(street.Covers(OrgPath.Parse(Grid)));
        Assert.False(OrgPath.Parse(Grid).Covers(street));
        Assert.False(street.Covers(OrgPath.Parse("/530103/530103002/530103002001/")));
    }

    [Fact]
    public void Covers_DoesNotTakeACodeThatMerelyStartsTheSame()
    {
        var street = OrgPath.Parse("/530103/530103001/");
        var sibling = OrgPath.Parse("/530103/5301030011/");
        Assert.False(street.Covers(sibling));
        Assert.False(sibling.Covers(street));
        Assert.False(sibling.IsBelow(street));
    }

    [Fact]
    public void IsBelow_IsStrict()
    {
        var street = OrgPath.Parse(Street);
        Assert.True(OrgPath.Parse(Grid).IsBelow(street));
        Assert.False(street.IsBelow(street));
        Assert.False(street.IsBelow(OrgPath.Parse(Grid)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("530103")]
    [InlineData("/530103")]
    [InlineData("530103/")]
    [InlineData("//")]
    [InlineData("/530103//530103001/")]
    [InlineData("/530 103/")]
    [InlineData(null)]
    public void Parse_RefusesWhatIsNotAPath(string? path)
    {
        Assert.False(OrgPath.TryParse(path, out _));
        if (path is not null)
        {
            Assert.Throws<FormatException>(() => OrgPath.Parse(path));
        }
    }

    [Fact]
    public void Child_AppendsACode_AndIsWhatUnitsStore()
    {
        Assert.Equal(Street, OrgPath.Parse(District).Child("530103001").Value);
        Assert.Equal(Street, OrgUnit.PathOf(District, "530103001"));
        Assert.Equal(District, OrgUnit.PathOf(null, "530103"));
        Assert.Throws<FormatException>(() => OrgPath.Root.Child("a/b"));
    }

    [Theory]
    [InlineData("530103", OrgLevel.District)]
    [InlineData("530103001", OrgLevel.Street)]
    [InlineData("530103001001", OrgLevel.Community)]
    [InlineData("530103001001007", OrgLevel.Grid)]
    [InlineData("530103-BM01", null)]
    [InlineData("530103001-ZX", null)]
    [InlineData("5301030", null)]
    public void LevelOfCode_GoesByLength_AndKnowsOnlyRegions(string code, OrgLevel? level) =>
        Assert.Equal(level, OrgPath.LevelOfCode(code));

    [Fact]
    public void OfRegion_BuildsThePathFromTheNestedCode()
    {
        Assert.Equal(Grid, OrgPath.OfRegion("530103001001007")?.Value);
        Assert.Equal("530103001", OrgPath.OfRegion("530103001001")?.CodeAt(OrgLevel.Street));
        Assert.Null(OrgPath.OfRegion("530103")?.CodeAt(OrgLevel.Street));
        Assert.Null(OrgPath.OfRegion("530103-BM01"));
        Assert.Null(OrgPath.OfRegion(null));
    }

    [Fact]
    public void AString_IsWhatThePathConvertsTo()
    {
        string text = OrgPath.Parse(Street);
        Assert.Equal(Street, text);
        Assert.Equal(Street, OrgPath.Parse(Street).ToString());
    }
}
