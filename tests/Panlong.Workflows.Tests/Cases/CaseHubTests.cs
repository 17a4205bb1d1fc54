using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Cases;

/// <summary>ADR 11: a report enters the loop of the reporter's own level inside their area, else the grid's community station.</summary>
public class CaseHubTests
{
    private const string Grid = "/530103/530103001/530103001001/530103001001007/";

    [Theory]
    [InlineData("/530103/", "530103")]
    [InlineData("/530103/530103001/", "530103001")]
    [InlineData("/530103/530103001/530103001001/", "530103001001")]
    [InlineData(Grid, "530103001001")]
    [InlineData("/530103/530103002/", "530103001001")]              // another street's supervisor
    [InlineData("/530103/5301030011/", "530103001001")]             // a code that only starts like the street
    [InlineData("/", "530103")]                                     // the system sees the whole tree, as the district
    public void HubFor_IsTheReportersLevelInsideTheirArea_ElseTheCommunity(string scope, string hub) =>
        Assert.Equal(hub, CaseService.HubFor(new WorkflowActor("u", "u", new HashSet<string>(), new DataScope(scope)), Grid));

    [Fact]
    public void HubFor_WithoutAScope_IsTheCommunity() =>
        Assert.Equal("530103001001", CaseService.HubFor(new WorkflowActor(null, "resident", new HashSet<string>(), DataScope.None), Grid));

    [Theory]
    [InlineData("530103", CaseLevel.District)]
    [InlineData("530103001", CaseLevel.Street)]
    [InlineData("530103001001", CaseLevel.Community)]
    public void LevelOf_AHubCode_IsItsRegionLevel(string code, CaseLevel level) =>
        Assert.Equal(level, CaseVariables.LevelOf(code));
}
