using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>Issue 16 defect 9: the case desk's filtered list as Excel — read back, masked, and only the caller's own area.</summary>
[Collection(nameof(PortalCollection))]
public class CaseListExportTests(PortalFactory portal)
{
    private Task<string> ReportAsync(string regionCode, string description) => ResidentReports.ReportAsync(portal, regionCode, description);

    private static List<string[]> Rows(byte[] workbook)
    {
        using var book = new XLWorkbook(new MemoryStream(workbook));
        var sheet = book.Worksheet(1);
        return sheet.RowsUsed().Select(r => Enumerable.Range(1, 10).Select(c => r.Cell(c).GetString()).ToArray()).ToList();
    }

    [Fact]
    public async Task Export_OfAStreetUser_HoldsOnlyTheirStreetsFilteredRows_Masked()
    {
        var token = "导出核对" + Guid.NewGuid().ToString("N")[..6];
        var tuodong = await ReportAsync("530103001", $"{token} 井盖缺失，联系人电话13812345678");
        var gulou = await ReportAsync("530103002", $"{token} 井盖缺失");
        await ReportAsync("530103001", "另一件不相干的案件");

        var street = await portal.SignedInAsync("leader.tuodong");
        var response = await street.GetAsync($"/api/cases/export?kind=Area&q={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = Rows(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["案件编号", "案件类别", "问题描述"], rows[0][..3]);
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal(tuodong, row[0]);
        Assert.Contains("138****5678", row[2], StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", row[2], StringComparison.Ordinal);

        var district = Rows(await (await portal.SignedInAsync("leader")).GetByteArrayAsync($"/api/cases/export?kind=Area&q={Uri.EscapeDataString(token)}"));
        Assert.Equal(new[] { gulou, tuodong }.Order(), district.Skip(1).Select(r => r[0]).Order());

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.CasesExported && a.Detail != null && a.Detail.Contains(token)));
    }

    [Fact]
    public async Task Export_OfAResident_HoldsOnlyTheirOwnReports()
    {
        var token = "居民导出" + Guid.NewGuid().ToString("N")[..6];
        var own = await ReportAsync("530103001", token);
        var resident = await portal.SignedInAsync("resident");
        var rows = Rows(await resident.GetByteArrayAsync($"/api/cases/export?kind=Reported&q={Uri.EscapeDataString(token)}"));
        Assert.Equal([own], rows.Skip(1).Select(r => r[0]));
        // Nothing of the area is the resident's to see: the header and the note that the list is empty (ADR 51).
        Assert.Equal(["（此清单在所选条件下没有记录）"], Rows(await resident.GetByteArrayAsync($"/api/cases/export?kind=Area&q={Uri.EscapeDataString(token)}")).Skip(1).Select(r => r[0]));
    }

    [Theory]
    [InlineData("电话13812345678请回电", "电话138****5678请回电")]
    [InlineData("身份证530103199001011234", "身份证530103********1234")]
    [InlineData("编号AJ2026120100001", "编号AJ2026120100001")]
    public void Masked_PhoneAndIdNumbersInFreeText_AreMasked(string text, string masked) =>
        Assert.Equal(masked, Panlong.Portal.Features.Cases.CaseExport.Masked(text));
}
