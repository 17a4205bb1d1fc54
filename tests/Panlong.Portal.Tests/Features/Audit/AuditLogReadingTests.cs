using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Audit;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Audit;

/// <summary>
/// Issue 16 defect 3: the audit administrator reads each row as a sentence — the event's name, who (display and login
/// name), what (a named link), the detail in their language with personal numbers masked, and the address.
/// </summary>
public class AuditLogReadingTests : PortalComponentTest
{
    private const string ApplicationNumber = "SQ202611300001";

    private static async Task<TestDatabase> LogAsync()
    {
        var database = await TestDatabase.Sqlite().MigratedAsync();
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            db.Users.AddRange(
                new PanlongUser { Id = "u-zhang", UserName = "zhang.wei", NormalizedUserName = "ZHANG.WEI", DisplayName = "张伟" },
                new PanlongUser { Id = "u-li", UserName = "li.na", NormalizedUserName = "LI.NA", DisplayName = "李娜" });
            db.AppraisalReports.Add(new AppraisalReport
            {
                Id = 4, Period = "2026-10", ScopeCode = "530103001", ScopeName = "拓东街道", ScopePath = "/530103/530103001/", RequestedByName = "张伟",
            });
            await db.SaveChangesAsync();
        }
        var log = new AuditLog(database.Factory, TimeProvider.System);
        await log.WriteAsync(AuditActions.SignInFailed, "u-li", "li.na", "li.na", "wrong password", "203.0.113.7");
        await log.WriteAsync("Application.Approve", "u-zhang", "张伟", ApplicationNumber, "请致电13812345678补交材料", "198.51.100.2");
        await log.WriteAsync("appraisal.report.download", "u-zhang", "张伟", "appraisal-report:4", null, "198.51.100.2");
        await log.WriteAsync(AuditActions.RoleChanged, "u-zhang", "zhang.wei", "li.na", "Approver -> Approver,WindowClerk", "198.51.100.2");
        return database;
    }

    private IRenderedComponent<AuditLogPage> Open(TestDatabase database)
    {
        var log = new AuditLog(database.Factory, TimeProvider.System);
        Services.AddSingleton(log);
        Services.AddSingleton(new AuditQueries(database.Factory));
        Services.AddSingleton(new AuditVerifier(database.Factory, log));
        SignInAs("audit-reader", "/530103/", Roles.AuditAdmin);
        var page = Render<AuditLogPage>();
        // Four rows of the log, and the page's own AuditRead row once it is live.
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=audit-action]").Count(a => a.GetAttribute("title") != AuditActions.AuditRead)),
            TimeSpan.FromSeconds(30));
        return page;
    }

    private static IElement Row(IRenderedComponent<AuditLogPage> page, string action) =>
        page.FindAll("tr").Single(r => r.QuerySelector("[data-testid=audit-action]")?.GetAttribute("title") == action);

    private static string Cell(IElement row, string id) => row.QuerySelector($"[data-testid={id}]")!.TextContent.Trim();

    [Fact]
    public async Task AuditLog_InChinese_ShowsNamesLinksAndSentences()
    {
        await using var database = await LogAsync();
        var page = Open(database);

        var failed = Row(page, AuditActions.SignInFailed);
        Assert.Equal("登录失败", Cell(failed, "audit-action"));
        Assert.Equal(["李娜", "li.na"], new[] { Cell(failed, "audit-who-name"), Cell(failed, "audit-login") });
        Assert.Equal("李娜（li.na）", Cell(failed, "audit-target"));
        Assert.Equal("/admin/users?search=li.na", failed.QuerySelector("[data-testid=audit-target] a")!.GetAttribute("href"));
        Assert.Equal("密码错误", Cell(failed, "audit-detail"));
        Assert.Equal("203.0.113.7", Cell(failed, "audit-ip"));

        var approved = Row(page, "Application.Approve");
        Assert.Equal("审批通过", Cell(approved, "audit-action"));
        Assert.Equal(["张伟", "zhang.wei"], new[] { Cell(approved, "audit-who-name"), Cell(approved, "audit-login") });
        Assert.Equal($"/applications/{ApplicationNumber}", approved.QuerySelector("[data-testid=audit-target] a")!.GetAttribute("href"));
        Assert.Equal("请致电138****5678补交材料", Cell(approved, "audit-detail"));

        var report = Row(page, "appraisal.report.download");
        Assert.Equal("下载考核报告", Cell(report, "audit-action"));
        Assert.Equal("拓东街道 2026-10 考核报告", Cell(report, "audit-target"));
        Assert.Equal("/appraisal/reports", report.QuerySelector("[data-testid=audit-target] a")!.GetAttribute("href"));

        Assert.Equal("审批人员 → 审批人员、综合窗口人员", Cell(Row(page, AuditActions.RoleChanged), "audit-detail"));
        Assert.DoesNotContain("AuditAction.", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("appraisal-report:", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLog_InEnglish_HasNoChineseOutsideNames()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        try
        {
            await using var database = await LogAsync();
            var page = Open(database);

            var failed = Row(page, AuditActions.SignInFailed);
            Assert.Equal("Sign-in failed", Cell(failed, "audit-action"));
            Assert.Equal("李娜 (li.na)", Cell(failed, "audit-target"));
            Assert.Equal("Wrong password", Cell(failed, "audit-detail"));
            Assert.Equal("Application approved", Cell(Row(page, "Application.Approve"), "audit-action"));
            Assert.Equal("Appraisal report 拓东街道 2026-10", Cell(Row(page, "appraisal.report.download"), "audit-target"));
            Assert.Equal("Approver → Approver, Window clerk", Cell(Row(page, AuditActions.RoleChanged), "audit-detail"));
            Assert.All(page.FindAll("[data-testid=audit-action]"), a => Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", a.TextContent));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task AuditLog_FilteredByDisplayName_ShowsOnlyThatPersonsRowsAndCount()
    {
        await using var database = await LogAsync();
        var page = Open(database);

        page.Find("[data-testid=audit-filter-user] input, input[data-testid=audit-filter-user]").Input("李娜");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=audit-action]")), TimeSpan.FromSeconds(30));
        Assert.Equal("登录失败", page.Find("[data-testid=audit-action]").TextContent.Trim());
        Assert.Equal("共 1 条", page.Find("[data-testid=audit-count]").TextContent.Trim());
        // The export link carries the same filter, so the file holds the rows on screen.
        page.WaitForAssertion(() => Assert.Matches(@"\?user=%E6%9D%8E%E5%A8%9C&progress=[0-9a-f]{32}$", page.Find("[data-testid=audit-export-xlsx]").GetAttribute("href")),
            TimeSpan.FromSeconds(30));
    }
}
