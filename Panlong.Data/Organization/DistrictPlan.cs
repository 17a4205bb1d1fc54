using System.Globalization;
using Panlong.Data.Maps;

namespace Panlong.Data.Organization;

/// <summary>One unit the seed creates; parents come before their children.</summary>
public sealed record PlannedUnit(
    string Code,
    string Name,
    OrgUnitKind Kind,
    string? ParentCode,
    int SortOrder,
    GeoBox? Box = null,
    AreaClass? AreaClass = null,
    bool IsDemo = false,
    string? Category = null);

/// <summary>
/// The district's structure (docs/domain.md §1): 盘龙区 530103, its 12 real streets with their statistical codes,
/// 71 urban communities and 32 village committees (names invented except the three the article names),
/// exactly 610 grids, command centers at every level and the departments.
/// Street boxes follow the real layout: the dense urban streets around 25.03–25.18 N in the south,
/// the four large rural streets up to 25.45 N in the north.
/// </summary>
public static class DistrictPlan
{
    public const string DistrictCode = "530103";
    public const string DistrictName = "盘龙区";
    public const int GridCount = 610;

    public sealed record StreetSpec(string Code, string Name, GeoBox Box, int Communities, int Grids, AreaClass Area, string? NamedCommunity = null);

    public static readonly IReadOnlyList<StreetSpec> Streets =
    [
        new("530103001", "拓东街道", new(102.700, 25.030, 102.725, 25.060), 8, 66, AreaClass.Urban, "东庄社区"),
        new("530103002", "鼓楼街道", new(102.725, 25.030, 102.750, 25.060), 8, 66, AreaClass.Urban),
        new("530103003", "东华街道", new(102.750, 25.030, 102.780, 25.060), 10, 72, AreaClass.Urban),
        new("530103004", "联盟街道", new(102.700, 25.060, 102.740, 25.090), 9, 64, AreaClass.Urban),
        new("530103005", "金辰街道", new(102.740, 25.060, 102.780, 25.090), 9, 64, AreaClass.Urban, "任旗营社区"),
        new("530103006", "青云街道", new(102.700, 25.090, 102.740, 25.120), 8, 62, AreaClass.Urban, "金沙社区"),
        new("530103007", "龙泉街道", new(102.740, 25.090, 102.780, 25.120), 11, 70, AreaClass.Urban),
        new("530103008", "茨坝街道", new(102.700, 25.120, 102.780, 25.180), 8, 56, AreaClass.Urban),
        new("530103009", "双龙街道", new(102.700, 25.180, 102.840, 25.280), 7, 22, AreaClass.Rural),
        new("530103010", "松华街道", new(102.840, 25.180, 102.980, 25.280), 8, 20, AreaClass.Rural),
        new("530103011", "滇源街道", new(102.700, 25.280, 102.840, 25.450), 9, 26, AreaClass.Rural),
        new("530103012", "阿子营街道", new(102.840, 25.280, 102.980, 25.450), 8, 22, AreaClass.Rural),
    ];

    private static readonly string[] UrbanStems =
    [
        "金牛", "桃源", "白塔", "圆通", "东风", "新村", "云山", "北辰", "银河", "菊华", "虹山", "穿金", "月牙塘", "小坝",
        "上庄", "新迎", "霖雨", "龙翔", "金星", "明珠", "华丰", "和平", "春城", "盘江", "东郊", "兴隆", "福德", "永安",
        "欣悦", "锦绣", "翠湖", "长春", "吉祥", "瑞丰", "文华", "书林", "松园", "竹园", "梨园", "花城", "青龙", "金殿",
        "鸣凤", "云波", "宝云", "沙沟", "北站", "北京路", "白龙", "双桥", "金马", "东方", "江岸", "昌源", "世纪", "龙华",
        "凤凰", "盛世", "康乐", "金实", "北市", "新兴", "阳光", "嘉和", "溪园", "云泉", "泉源", "丽苑",
    ];

    private static readonly string[] RuralStems =
    [
        "大哨", "小河", "新山", "沙朗", "麦冲", "哨上", "马军", "竹山", "中和", "甸尾", "白邑", "大营", "小营", "下营",
        "上营", "青龙潭", "花箐", "三转弯", "田心", "龙潭", "箐口", "落水洞", "长坡", "大村", "小村", "沙坝", "干海",
        "石板河", "核桃箐", "果林", "杨柳", "松茂",
    ];

    /// <summary>The seeded, editable department list (城管执法, 市场监管 … and the police stations).</summary>
    public static readonly IReadOnlyList<(string Code, string Name, string Category, string? ParentCode)> Departments = BuildDepartments();

    public static string CenterCode(string regionCode) => regionCode + "-ZX";

    public static IReadOnlyList<PlannedUnit> Build()
    {
        var units = new List<PlannedUnit>
        {
            // The district outline is not a box: it is the union of its streets, so the district itself carries none.
            new(DistrictCode, DistrictName, OrgUnitKind.District, null, 0),
            new(CenterCode(DistrictCode), "盘龙区综合指挥中心", OrgUnitKind.CommandCenter, DistrictCode, 0),
        };
        int urban = 0, rural = 0;
        for (var s = 0; s < Streets.Count; s++)
        {
            var street = Streets[s];
            units.Add(new(street.Code, street.Name, OrgUnitKind.Street, DistrictCode, s + 1, street.Box, street.Area));
            units.Add(new(CenterCode(street.Code), street.Name.Replace("街道", "", StringComparison.Ordinal) + "街道指挥分中心", OrgUnitKind.CommandCenter, street.Code, 0));

            var gridsPerCommunity = Spread(street.Grids, street.Communities);
            var communityBoxes = street.Box.Partition(gridsPerCommunity);
            for (var c = 0; c < street.Communities; c++)
            {
                var code = street.Code + (c + 1).ToString("000", CultureInfo.InvariantCulture);
                var named = c == 0 && street.NamedCommunity is not null;
                var name = named
                    ? street.NamedCommunity!
                    : street.Area == AreaClass.Urban ? UrbanStems[urban++] + "社区" : RuralStems[rural++] + "村委会";
                units.Add(new(code, name, OrgUnitKind.Community, street.Code, c + 1, communityBoxes[c], street.Area, IsDemo: !named));
                units.Add(new(CenterCode(code), name + "工作站", OrgUnitKind.CommandCenter, code, 0, IsDemo: !named));

                var gridBoxes = communityBoxes[c].Partition(Enumerable.Repeat(1, gridsPerCommunity[c]).ToList());
                for (var g = 0; g < gridBoxes.Count; g++)
                {
                    units.Add(new(code + (g + 1).ToString("000", CultureInfo.InvariantCulture), $"{name}第{g + 1}网格", OrgUnitKind.Grid, code, g + 1, gridBoxes[g], street.Area, IsDemo: true));
                }
            }
        }
        for (var d = 0; d < Departments.Count; d++)
        {
            var dept = Departments[d];
            units.Add(new(dept.Code, dept.Name, OrgUnitKind.Department, dept.ParentCode ?? DistrictCode, 100 + d, Category: dept.Category));
        }
        return units;
    }

    /// <summary>Splits <paramref name="total"/> into <paramref name="parts"/> near-equal counts, larger ones first.</summary>
    public static IReadOnlyList<int> Spread(int total, int parts) =>
        Enumerable.Range(0, parts).Select(i => (total / parts) + (i < total % parts ? 1 : 0)).ToList();

    /// <summary>GB/T 30428.1 style grid code: 12-digit community code + 3-digit serial (001–999).</summary>
    public static bool IsValidGridCode(string code) =>
        OrgPath.LevelOfCode(code) == OrgLevel.Grid && code.StartsWith(DistrictCode, StringComparison.Ordinal) && code[12..] != "000";

    private static List<(string, string, string, string?)> BuildDepartments()
    {
        const string Direct = "区直部门";
        const string Utility = "公共服务企业";
        const string Police = "派出所";
        var list = new List<(string, string, string, string?)>();
        void Add(string name, string category, string? parent = null) =>
            list.Add(($"{DistrictCode}-BM{list.Count + 1:00}", name, category, parent));
        Add("区城市管理综合行政执法局", Direct);
        Add("区市场监督管理局", Direct);
        Add("区应急管理局", Direct);
        Add("区住房和城乡建设局", Direct);
        Add("昆明市公安局盘龙分局", Direct);
        var policeCode = list[^1].Item1;
        Add("区民政局", Direct);
        Add("区卫生健康局", Direct);
        Add("区交通运输局", Direct);
        Add("区园林绿化局", Direct);
        Add("区环境卫生管理局", Direct);
        Add("区生态环境分局", Direct);
        Add("区水务局", Direct);
        Add("区人力资源和社会保障局", Direct);
        Add("区政务服务管理局", Direct);
        Add("区自然资源分局", Direct);
        Add("区教育体育局", Direct);
        Add("盘龙区供排水公司", Utility);
        Add("盘龙供电局", Utility);
        Add("燃气公司盘龙营业所", Utility);
        Add("通信管线联合办", Utility);
        foreach (var street in Streets)
        {
            Add(street.Name.Replace("街道", "", StringComparison.Ordinal) + "派出所", Police, policeCode);
        }
        return list;
    }
}
