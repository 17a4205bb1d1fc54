using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Registry;

namespace Panlong.Portal.Tests.Features.Registry;

/// <summary>The people list's streamed export (issue 17 goal 4): the list's search and scope, masked, audited, with progress.</summary>
[Collection(nameof(PortalCollection))]
public class PeopleExportTests(PortalFactory portal)
{
    private static async Task<IXLWorksheet> SheetAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ListWorkbook.ContentType, response.Content.Headers.ContentType?.MediaType);
        return new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync())).Worksheet(1);
    }

    [Fact]
    public async Task Export_UnderASearch_IsAudited()
    {
        var response = await (await portal.SignedInAsync("supervisor")).GetAsync($"{PeopleExport.Path}?q={Uri.EscapeDataString("张")}");

        await SheetAsync(response);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var row = await db.AuditEntries.OrderBy(a => a.Id).LastAsync(a => a.Action == AuditActions.PeopleExported);
        Assert.Equal(("supervisor", "people"), (row.LoginName, row.Target));
        Assert.EndsWith(" 张", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OfTheWholeList_IsMasked()
    {
        var sheet = await SheetAsync(await (await portal.SignedInAsync("supervisor")).GetAsync(PeopleExport.Path));

        Assert.Equal(["姓名", "证件号码", "电话", "出生日期", "民族", "户籍类型", "网格", "居住地址"], sheet.Row(1).Cells(1, 8).Select(c => c.GetString()));
        var rows = sheet.RowsUsed().Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.Matches(@"^\d{6}\*{8}[\dX]{4}$", r.Cell(2).GetString());
            Assert.Matches(@"^.\*+$", r.Cell(1).GetString());
        });
    }

    [Theory]
    [InlineData("gridworker")]
    [InlineData("leader")]
    public async Task Export_HoldsExactlyTheListOfTheCallersScope(string userName)
    {
        var viewer = await portal.PrincipalAsync(userName);
        var people = portal.Services.GetRequiredService<PeopleQueries>();
        var total = await people.CountAsync(viewer, null);
        var firstPage = (await people.SearchAsync(viewer, null, 0, 25)).Items;

        var sheet = await SheetAsync(await (await portal.SignedInAsync(userName)).GetAsync(PeopleExport.Path));

        var rows = sheet.RowsUsed().Skip(1).ToList();
        Assert.Equal(total, rows.Count);
        Assert.Equal(firstPage.Select(p => p.IdMasked), rows.Take(25).Select(r => r.Cell(2).GetString()));
    }

    [Fact]
    public async Task Export_WithAProgressToken_TellsThePageHowFarItGot()
    {
        var viewer = await portal.PrincipalAsync("gridworker");
        var token = ExportProgress.NewToken();

        var sheet = await SheetAsync(await (await portal.SignedInAsync("gridworker")).GetAsync(PeopleExport.Link(null, token)));

        var state = portal.Services.GetRequiredService<ExportProgress>().Get(viewer.FindFirstValue(ClaimTypes.NameIdentifier)!, token);
        Assert.Equal(new ExportState(sheet.RowsUsed().Count() - 1, sheet.RowsUsed().Count() - 1, true), state);
        Assert.Null(portal.Services.GetRequiredService<ExportProgress>().Get("someone-else", token));
    }

    [Theory]
    [InlineData("q", "这是一个远远超过任何姓名身份证号或者电话号码长度的搜索条件这是一个远远超过任何姓名身份证号或者电话号码长度的搜索条件", "50")]
    [InlineData("progress", "../../etc", "导出")]
    public async Task Export_WithBadFilterInput_IsAnsweredWithAClearMessage(string name, string value, string said)
    {
        var response = await (await portal.SignedInAsync("supervisor")).GetAsync($"{PeopleExport.Path}?{name}={Uri.EscapeDataString(value)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains(said, problem!.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OfACaseWorker_IsRefusedWithASentenceSayingWhy()
    {
        var response = await (await portal.SignedInAsync("dispatcher")).GetAsync(PeopleExport.Path);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.StartsWith("您没有导出此清单的权限", problem!.Title, StringComparison.Ordinal);
    }
}
