using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Audit;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Audit;

/// <summary>The audit administrator's page says whether the chain holds (issue 15).</summary>
[Collection(nameof(PortalCollection))]
public class AuditPageTests(PortalFactory portal) : PortalComponentTest
{
    private void UseDatabase(IDbContextFactory<PanlongDbContext> factory)
    {
        var log = new AuditLog(factory, TimeProvider.System);
        Services.AddSingleton(log);
        Services.AddSingleton(new AuditQueries(factory));
        Services.AddSingleton(new AuditVerifier(factory, log));
        SignInAs("audit-page-tester", "/530103/", Roles.AuditAdmin);
    }

    [Fact]
    public async Task Verify_OnTheIntactChain_SaysIntactWithTheRowCount_AndTheVisitIsAudited()
    {
        var factory = portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();
        UseDatabase(factory);

        var page = Render<AuditLogPage>();
        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=audit-status]").GetAttribute("data-intact")));
        Assert.Matches(@"^链完整（\d+ 行）$", page.Find("[data-testid=audit-status]").TextContent.Trim());
        await using var db = await factory.CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.AuditRead && a.UserId == "audit-page-tester"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.AuditVerified && a.UserId == "audit-page-tester"));
    }

    [Fact]
    public async Task Verify_AfterARowWasEditedInTheDatabase_SaysTheRowWhereItBroke()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync();
        var log = new AuditLog(database.Factory, TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            await log.WriteAsync(AuditActions.SignIn, null, $"user{i}");
        }
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "UserName" = 'someone else' WHERE "Sequence" = 3""");
        }
        UseDatabase(database.Factory);

        var page = Render<AuditLogPage>();
        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-testid=audit-status]").GetAttribute("data-intact")));
        Assert.StartsWith("在第 3 行断开", page.Find("[data-testid=audit-status]").TextContent.Trim(), StringComparison.Ordinal);
    }
}
