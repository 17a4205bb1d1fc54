using System.Net;
using System.Text;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Portal.Features.Audit;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Audit;

/// <summary>The audit administrator's export, itself audited (issue 15).</summary>
[Collection(nameof(PortalCollection))]
public class AuditExportTests(PortalFactory portal)
{
    private IDbContextFactory<PanlongDbContext> Db() => portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();

    [Fact]
    public async Task ExportCsv_ByTheAuditAdministrator_HoldsTheFilteredRowsAndIsAudited()
    {
        await portal.SignedInAsync("dispatcher");
        var client = await portal.SignedInAsync("auditadmin");

        var response = await client.GetAsync("/admin/audit/export.csv?action=SignIn&user=dispatcher");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("序号,时间（北京时间）,事件,登录名", lines[0], StringComparison.Ordinal);
        Assert.NotEmpty(lines.Skip(1));
        Assert.All(lines.Skip(1), l => Assert.Contains(",登录成功,dispatcher,", l, StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Contains(",SignIn,", l, StringComparison.Ordinal));
        await using var db = await Db().CreateDbContextAsync();
        var audit = await db.AuditEntries.OrderBy(a => a.Id).LastAsync(a => a.Action == AuditActions.AuditExported);
        Assert.Equal("auditadmin", audit.LoginName);
        Assert.Equal($"csv {lines.Length - 1} action=SignIn user=dispatcher", audit.Detail);
    }

    [Fact]
    public async Task ExportWorkbook_ByTheAuditAdministrator_OpensInExcelWithTheHashes()
    {
        var client = await portal.SignedInAsync("auditadmin");

        var bytes = await client.GetByteArrayAsync("/admin/audit/export.xlsx?action=SignIn");

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var rows = workbook.Worksheet(1).RowsUsed().Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{64}$", r.Cell(9).GetString()));
    }

    [Fact]
    public async Task ExportWorkbook_FilteredByPersonAndDays_HoldsExactlyThoseRowsReadable()
    {
        var marker = $"export-{Guid.NewGuid():N}"[..20];
        var log = new AuditLog(Db(), TimeProvider.System);
        await log.WriteAsync(AuditActions.SignInFailed, null, marker, marker, "wrong password", "203.0.113.9");
        // A number no case of the shared portal has (one that exists is shown with its category, AuditTargets).
        await log.WriteAsync("Case.Urge", null, marker, "AJ2000010100001", "请联系13812345678", "203.0.113.9");
        await log.WriteAsync(AuditActions.SignIn, null, "someone-else", null, null, "203.0.113.9");
        var client = await portal.SignedInAsync("auditadmin");
        var today = ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = ChinaTime.Today(TimeProvider.System).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var bytes = await client.GetByteArrayAsync($"/admin/audit/export.xlsx?user={marker}&from={today}&to={today}");
        var later = await client.GetByteArrayAsync($"/admin/audit/export.xlsx?user={marker}&from={tomorrow}");

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(1);
        Assert.Equal(["序号", "时间（北京时间）", "事件", "登录名", "操作人", "对象", "详情", "来源 IP", "哈希", "事件代码", "对象（原始记录）", "详情（原始记录）"],
            sheet.Row(1).CellsUsed().Select(c => c.GetString()));
        var rows = sheet.RowsUsed().Skip(1).Select(r => Enumerable.Range(1, 12).Select(c => r.Cell(c).GetString()).ToArray()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["登录失败", marker, marker, "密码错误", "203.0.113.9", AuditActions.SignInFailed, marker, "wrong password"], new[] { 2, 3, 5, 6, 7, 9, 10, 11 }.Select(i => rows[0][i]));
        Assert.Equal(["督办催办", "AJ2000010100001", "请联系138****5678", "Case.Urge", "请联系138****5678"], new[] { 2, 5, 6, 9, 11 }.Select(i => rows[1][i]));
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{64}$", r[8]));
        using var empty = new XLWorkbook(new MemoryStream(later));
        Assert.Equal("（此清单在所选条件下没有记录）", empty.Worksheet(1).Cell(2, 1).GetString());
        Assert.Equal(2, empty.Worksheet(1).RowsUsed().Count());
        var status = await portal.Services.GetRequiredService<AuditVerifier>().VerifyAsync(null, "export test");
        Assert.True(status.Intact);
    }

    [Theory]
    [InlineData("secadmin")]
    [InlineData("sysadmin")]
    [InlineData("leader")]
    public async Task Export_ByAnyoneElse_IsRefused(string user)
    {
        var client = await portal.SignedInAsync(user);

        var response = await client.GetAsync("/admin/audit/export.csv");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ExportCsv_CellThatLooksLikeAFormula_IsWrittenAsText()
    {
        await new AuditLog(Db(), TimeProvider.System).WriteAsync("Test.Formula", null, "csv-injection", detail: "=HYPERLINK(\"http://evil\")");
        var client = await portal.SignedInAsync("auditadmin");

        var text = Encoding.UTF8.GetString(await client.GetByteArrayAsync("/admin/audit/export.csv?action=Test.Formula"));

        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyCommand_OnAChainEditedInTheDatabase_ExitsThreeAndSaysTheRow()
    {
        await using var database = await TestDatabase.Sqlite(s => s.AddSingleton<AuditLog>().AddSingleton<AuditVerifier>()).MigratedAsync();
        await database.Get<AuditLog>().WriteAsync(AuditActions.SignIn, null, "a");
        await database.Get<AuditLog>().WriteAsync(AuditActions.SignIn, null, "b");
        Assert.Equal(0, await AuditCommand.RunAsync(database.Services, ["verify"]));
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEntries" WHERE "Sequence" = 2""");
        }

        Assert.Equal(AuditCommand.Broken, await AuditCommand.RunAsync(database.Services, ["verify"]));
    }
}
