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
        Assert.All(lines.Skip(1), l => Assert.Contains(",SignIn,dispatcher,", l, StringComparison.Ordinal));
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
        var export = portal.Services.GetRequiredService<AuditExport>();

        var text = Encoding.UTF8.GetString(await export.CsvAsync(await portal.PrincipalAsync("auditadmin"), new AuditFilter("Test.Formula")));

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
