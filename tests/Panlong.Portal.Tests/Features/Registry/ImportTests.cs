using System.Security.Claims;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Registry;

namespace Panlong.Portal.Tests.Features.Registry;

[Collection(nameof(PortalCollection))]
public class ImportTests(PortalFactory portal)
{
    private PeopleWorkbook Workbook => portal.Services.GetRequiredService<PeopleWorkbook>();

    private Task<ClaimsPrincipal> UserAsync(string userName) => portal.PrincipalAsync(userName);

    private static MemoryStream Sheet(params string[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("人口");
        var all = new[] { PeopleWorkbook.Columns }.Concat(rows).ToList();
        for (var r = 0; r < all.Count; r++)
        {
            for (var c = 0; c < all[r].Length; c++)
            {
                sheet.Cell(r + 1, c + 1).SetValue(all[r][c]);
            }
        }
        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public async Task GoodRowsAreImportedOnce_BadRowsComeBackWithTheirReason()
    {
        string Id(int seq) => ResidentIdNumber.Create("530103", new DateOnly(1970, 5, 5), 700 + seq);
        string[][] rows =
        [
            ["杨一", Id(1), "13700000001", "汉族", "户籍", "530103001001002", "独居老人、低保"],
            ["杨二", Id(2), "", "彝族", "流动", "53010300100103", ""], // the old 14-digit grid code
            ["杨三", "530103199001011234", "13700000003", "汉族", "户籍", "530103001001002", ""], // wrong check digit
            ["杨四", Id(4), "12345", "汉族", "户籍", "530103001001002", ""], // bad phone
            ["杨五", Id(5), "", "汉族", "户籍", "530103002001001", ""], // another street's grid
            ["杨六", Id(1), "", "汉族", "户籍", "530103001001002", ""], // same ID as row 1
            ["杨七", Id(7), "", "汉族", "暂住", "530103001001002", ""], // unknown household type
        ];
        var gridworker = await UserAsync("gridworker");
        var percents = new List<int>();

        var first = await Workbook.ImportAsync(gridworker, Sheet(rows), new SyncProgress(percents));
        var again = await Workbook.ImportAsync(gridworker, Sheet(rows));

        Assert.Equal((7, 2, 0, 5), (first.Rows, first.Imported, first.AlreadyRegistered, first.Rejected));
        Assert.Equal((0, 2, 5), (again.Imported, again.AlreadyRegistered, again.Rejected));
        Assert.Equal(100, percents[^1]);
        using var rejected = new XLWorkbook(new MemoryStream(first.RejectedWorkbook!));
        var sheet = rejected.Worksheet(1);
        Assert.Equal("原因", sheet.Cell(1, 8).GetString());
        var reasons = Enumerable.Range(2, 5).ToDictionary(r => sheet.Cell(r, 1).GetString(), r => sheet.Cell(r, 8).GetString());
        Assert.Equal("身份证号校验位不正确", reasons["杨三"]);
        Assert.Equal("电话号码格式不正确", reasons["杨四"]);
        Assert.Equal("网格不存在或不在您的管辖范围内", reasons["杨五"]);
        Assert.Equal("与本文件中前面的行证件号码重复", reasons["杨六"]);
        Assert.Contains("户籍类型", reasons["杨七"], StringComparison.Ordinal);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var yang2 = await db.People.Include(p => p.Grid).SingleAsync(p => p.Name == "杨二");
        Assert.Equal(("530103001001003", HouseholdType.Floating), (yang2.Grid!.Code, yang2.Household));
        Assert.Equal(SpecialGroups.LivingAlone | SpecialGroups.LowIncome, (await db.People.SingleAsync(p => p.Name == "杨一")).Groups);
        Assert.Equal(2, await db.RegistryChanges.CountAsync(c => c.Action == "Imported" && c.UserName == "王网格"));
    }

    [Fact]
    public async Task AFileThatIsNotAWorkbook_OrHasOtherColumns_IsRefusedWithoutImportingAnything()
    {
        var gridworker = await UserAsync("gridworker");
        using var text = new MemoryStream("姓名,证件号码\n张三,530103199001011238\n"u8.ToArray());
        using var other = new XLWorkbook();
        other.AddWorksheet("x").Cell(1, 1).SetValue("名字");
        using var otherStream = new MemoryStream();
        other.SaveAs(otherStream);
        otherStream.Position = 0;

        Assert.Equal("Import.NotExcel", (await Workbook.ImportAsync(gridworker, text)).FileProblem);
        Assert.Equal("Import.WrongColumns", (await Workbook.ImportAsync(gridworker, otherStream)).FileProblem);
        Assert.Equal("Common.NotInScope", (await Workbook.ImportAsync(await UserAsync("leader"), Sheet())).FileProblem);
    }

    private sealed class SyncProgress(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }
}
