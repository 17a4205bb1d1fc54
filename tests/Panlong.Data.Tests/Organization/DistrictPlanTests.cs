using NetTopologySuite.Geometries;
using Panlong.Data.Maps;
using Panlong.Data.Organization;

namespace Panlong.Data.Tests.Organization;

public class DistrictPlanTests
{
    private static readonly IReadOnlyList<PlannedUnit> Plan = DistrictPlan.Build();

    private static Polygon PolygonOf(PlannedUnit unit) => GeoJsonPolygon.Read(unit.Box!.ToGeoJson());

    [Fact]
    public void Plan_HasTheTwelveRealStreetsWithTheirCodes()
    {
        var streets = Plan.Where(u => u.Kind == OrgUnitKind.Street).ToDictionary(u => u.Code, u => u.Name);

        Assert.Equal(12, streets.Count);
        Assert.Equal("拓东街道", streets["530103001"]);
        Assert.Equal("鼓楼街道", streets["530103002"]);
        Assert.Equal("东华街道", streets["530103003"]);
        Assert.Equal("联盟街道", streets["530103004"]);
        Assert.Equal("金辰街道", streets["530103005"]);
        Assert.Equal("青云街道", streets["530103006"]);
        Assert.Equal("龙泉街道", streets["530103007"]);
        Assert.Equal("茨坝街道", streets["530103008"]);
        Assert.Equal("双龙街道", streets["530103009"]);
        Assert.Equal("松华街道", streets["530103010"]);
        Assert.Equal("滇源街道", streets["530103011"]);
        Assert.Equal("阿子营街道", streets["530103012"]);
    }

    [Fact]
    public void Plan_HasExactly610GridsWithUniqueValid15DigitCodesUnderTheirCommunity()
    {
        var grids = Plan.Where(u => u.Kind == OrgUnitKind.Grid).ToList();

        Assert.Equal(610, grids.Count);
        Assert.Equal(610, grids.Select(g => g.Code).Distinct().Count());
        Assert.All(grids, g =>
        {
            Assert.True(DistrictPlan.IsValidGridCode(g.Code), g.Code);
            Assert.Equal(g.ParentCode, g.Code[..12]);
        });
    }

    [Fact]
    public void Plan_Has71UrbanCommunitiesAnd32VillagesIncludingTheArticlesThree()
    {
        var communities = Plan.Where(u => u.Kind == OrgUnitKind.Community).ToList();

        Assert.Equal(71, communities.Count(c => c.AreaClass == AreaClass.Urban));
        Assert.Equal(32, communities.Count(c => c.AreaClass == AreaClass.Rural));
        Assert.Equal(communities.Count, communities.Select(c => c.Name).Distinct().Count());
        Assert.Contains(communities, c => c is { Name: "东庄社区", ParentCode: "530103001", IsDemo: false });
        Assert.Contains(communities, c => c is { Name: "金沙社区", ParentCode: "530103006", IsDemo: false });
        Assert.Contains(communities, c => c is { Name: "任旗营社区", ParentCode: "530103005", IsDemo: false });
        Assert.All(communities, c => Assert.Matches("^530103\\d{6}$", c.Code));
    }

    [Fact]
    public void GridCodeValidation_RefusesWrongShapes()
    {
        Assert.True(DistrictPlan.IsValidGridCode("530103001001001"));
        Assert.False(DistrictPlan.IsValidGridCode("53010300100101"));   // 14 digits
        Assert.False(DistrictPlan.IsValidGridCode("530103001001000"));  // serial 000
        Assert.False(DistrictPlan.IsValidGridCode("530102001001001"));  // another county
        Assert.False(DistrictPlan.IsValidGridCode("53010300100100A"));
    }

    [Fact]
    public void EveryRegionPolygon_IsValidAndInsideTheDistrictExtent()
    {
        foreach (var unit in Plan.Where(u => u.Box is not null && u.Kind != OrgUnitKind.District))
        {
            var polygon = PolygonOf(unit);
            Assert.True(polygon.IsValid, unit.Code);
            Assert.True(polygon.Area > 0, unit.Code);
            var env = polygon.EnvelopeInternal;
            Assert.InRange(env.MinY, 25.03, 25.45);
            Assert.InRange(env.MaxY, 25.03, 25.45);
            Assert.InRange(env.MinX, 102.70, 102.98);
            Assert.InRange(env.MaxX, 102.70, 102.98);
        }
    }

    [Theory]
    [InlineData(OrgUnitKind.Community)]
    [InlineData(OrgUnitKind.Street)]
    public void Children_TileTheirParentWithoutGapsOrOverlaps(OrgUnitKind parentKind)
    {
        foreach (var parent in Plan.Where(u => u.Kind == parentKind))
        {
            var childKind = parentKind == OrgUnitKind.Community ? OrgUnitKind.Grid : OrgUnitKind.Community;
            var children = Plan.Where(u => u.ParentCode == parent.Code && u.Kind == childKind).Select(PolygonOf).ToList();
            var parentPolygon = PolygonOf(parent);

            for (var i = 0; i < children.Count; i++)
            {
                for (var j = i + 1; j < children.Count; j++)
                {
                    Assert.True(children[i].Intersection(children[j]).Area < 1e-12, $"{parent.Code}: children {i} and {j} overlap");
                }
            }
            var union = new GeometryFactory().BuildGeometry(children).Union();
            Assert.True(union.SymmetricDifference(parentPolygon).Area < 1e-12, $"{parent.Code}: children leave a gap or spill out");
        }
    }

    [Fact]
    public void Streets_DoNotOverlapEachOther()
    {
        var streets = Plan.Where(u => u.Kind == OrgUnitKind.Street).Select(PolygonOf).ToList();
        for (var i = 0; i < streets.Count; i++)
        {
            for (var j = i + 1; j < streets.Count; j++)
            {
                Assert.True(streets[i].Intersection(streets[j]).Area < 1e-12, $"streets {i} and {j} overlap");
            }
        }
    }

    [Fact]
    public void Grids_AreSmallAndDenseInTheUrbanSouth_LargeInTheRuralNorth()
    {
        var grids = Plan.Where(u => u.Kind == OrgUnitKind.Grid).ToList();
        var urban = grids.Where(g => g.AreaClass == AreaClass.Urban).Average(g => PolygonOf(g).Area);
        var rural = grids.Where(g => g.AreaClass == AreaClass.Rural).Average(g => PolygonOf(g).Area);
        var urbanNorth = grids.Where(g => g.AreaClass == AreaClass.Urban).Max(g => g.Box!.North);
        var ruralSouth = grids.Where(g => g.AreaClass == AreaClass.Rural).Min(g => g.Box!.South);

        Assert.True(rural > 20 * urban, $"rural {rural} vs urban {urban}");
        Assert.True(urbanNorth <= ruralSouth);
        Assert.Equal(520, grids.Count(g => g.AreaClass == AreaClass.Urban));
    }

    [Fact]
    public void Departments_IncludeTheIssuesListAndPoliceStationsUnderTheBureau()
    {
        var departments = Plan.Where(u => u.Kind == OrgUnitKind.Department).ToList();
        string[] required = ["城市管理综合行政执法", "市场监督管理", "应急管理", "住房和城乡建设", "公安局盘龙分局", "民政", "卫生健康", "交通运输", "园林绿化", "环境卫生", "供排水", "供电"];
        Assert.All(required, name => Assert.Contains(departments, d => d.Name.Contains(name, StringComparison.Ordinal)));

        var bureau = departments.Single(d => d.Name == "昆明市公安局盘龙分局");
        Assert.Equal(12, departments.Count(d => d.ParentCode == bureau.Code && d.Category == "派出所"));
    }

    [Fact]
    public void CommandCenters_OneForTheDistrictEachStreetAndEachCommunity()
    {
        var centers = Plan.Where(u => u.Kind == OrgUnitKind.CommandCenter).ToList();
        Assert.Equal(1 + 12 + 103, centers.Count);
        Assert.Single(centers, c => c.ParentCode == DistrictPlan.DistrictCode);
    }
}
