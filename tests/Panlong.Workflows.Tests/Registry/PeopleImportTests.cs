using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Registry;

namespace Panlong.Workflows.Tests.Registry;

/// <summary>The population import's rules and writes, without a workbook: rows in, people and change-log rows out.</summary>
public class PeopleImportTests : IAsyncLifetime
{
    private const string DongzhuangGrid = "530103001001001";
    private const string GulouGrid = "530103002001001";

    private static readonly WorkflowActor GridWorker = TestEngine.Actor("王网格", Roles.GridWorker, $"/530103/{TestEngine.Tuodong}/", "grid-1");

    private TestEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await TestEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private PeopleImport Import => _engine.Database.Get<PeopleImport>();

    private static string[] Row(string name, string id, string grid, string household = "户籍", string groups = "") => [name, id, "", "汉族", household, grid, groups];

    [Fact]
    public async Task Import_ChecksEveryRow_ImportsTheGoodOnesOnce_AndLogsThemUnderTheActorsName()
    {
        var first = ResidentIdNumber.Create("530103", new DateOnly(1980, 5, 1), 11);
        var second = ResidentIdNumber.Create("530103", new DateOnly(1990, 6, 2), 12);
        string[][] rows =
        [
            Row("张导入", first, DongzhuangGrid, groups: "独居老人、低保"),
            Row("李旧码", second, "53010300100101"),
            Row("王重复", first, DongzhuangGrid),
            Row("赵鼓楼", ResidentIdNumber.Create("530103", new DateOnly(1970, 1, 3), 13), GulouGrid),
            Row("钱未知", ResidentIdNumber.Create("530103", new DateOnly(1975, 2, 4), 14), DongzhuangGrid, groups: "退役军人"),
        ];

        var result = await Import.ImportAsync(GridWorker, rows);
        var again = await Import.ImportAsync(GridWorker, rows[..2]);
        var refused = await Import.ImportAsync(TestEngine.Actor("leader", Roles.Leader, "/530103/"), rows[..1]);

        Assert.Equal((5, 2, 0), (result.Rows, result.Imported, result.AlreadyRegistered));
        Assert.Equal(["与本文件中前面的行证件号码重复", "网格不存在或不在您的管辖范围内", "未知的特殊人群“退役军人”"], result.Rejected.Select(r => r.Reason));
        Assert.Equal((0, 2), (again.Imported, again.AlreadyRegistered));
        Assert.Equal("Common.NotInScope", refused.Problem);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var imported = await db.People.Where(p => p.Name == "张导入" || p.Name == "李旧码").OrderBy(p => p.Name).ToListAsync();
        Assert.Equal(2, imported.Count);
        Assert.All(imported, p => Assert.EndsWith($"/{DongzhuangGrid}/", p.ScopePath, StringComparison.Ordinal));
        Assert.Equal(SpecialGroups.LivingAlone | SpecialGroups.LowIncome, imported.Single(p => p.Name == "张导入").Groups);
        var log = await db.RegistryChanges.Where(c => c.Action == "Imported").ToListAsync();
        Assert.Equal(2, log.Count);
        Assert.All(log, c => Assert.Equal(("grid-1", "王网格"), (c.UserId, c.UserName)));
    }
}
