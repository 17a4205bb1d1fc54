using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Services;
using Panlong.Testing;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>Issue 15 hole 8: a form field marked personal (高龄津贴's bank account) is kept only encrypted and masked, and revealed only on an audited request.</summary>
[Collection(nameof(PortalCollection))]
public class PersonalFieldTests(PortalFactory portal)
{
    private const string Account = "6222021234567890123";

    private async Task<string> WalkInAsync()
    {
        var protector = portal.Services.GetRequiredService<PersonalDataProtector>();
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var person = await db.People.Where(p => p.IsDemo && p.IdType == IdType.ResidentId).OrderBy(p => p.Id).Skip(3).FirstAsync();
        var store = portal.Services.GetRequiredService<MaterialStore>();
        var materials = new List<StoredMaterial>();
        foreach (var name in new[] { "居民身份证", "户口簿或居住证明", "本人银行账户" })
        {
            await using var pdf = new MemoryStream(TestPdfs.Minimal(name));
            materials.Add((await store.SaveAsync(pdf, "copy.pdf", name)).Material!);
        }
        var id = protector.Decrypt(person.IdCipher);
        var result = await portal.Services.GetRequiredService<ApplicationService>().SubmitAsync(new ApplicationInput("JF-00103", new Dictionary<string, string?>
        {
            ["name"] = person.Name, ["idNumber"] = id, ["phone"] = "13800003333", ["bankAccount"] = Account,
        }, null, null, Materials: materials, WalkIn: new WalkInApplicant(person.Name, id, null)), WorkflowActor.From(await portal.PrincipalAsync("clerk.dongzhuang")));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
        return result.Number!;
    }

    [Fact]
    public async Task BankAccount_IsStoredAndShownMasked_AndRevealedOnlyToTheWindow_WithAnAuditRow()
    {
        var number = await WalkInAsync();
        var queries = portal.Services.GetRequiredService<ApplicationQueries>();
        var clerk = WorkflowActor.From(await portal.PrincipalAsync("clerk.dongzhuang"));

        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            var row = await db.ServiceApplications.SingleAsync(a => a.Number == number);
            Assert.DoesNotContain(Account, row.FormDisplay, StringComparison.Ordinal);
            Assert.Contains("***************0123", row.FormDisplay, StringComparison.Ordinal);
        }
        var html = WebUtility.HtmlDecode(await (await portal.SignedInAsync("clerk.dongzhuang")).GetStringAsync($"/applications/{number}"));
        Assert.Contains("***************0123", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Account, html, StringComparison.Ordinal);
        Assert.Contains("reveal-bankAccount", html, StringComparison.Ordinal);

        Assert.Equal(Account, await queries.RevealFieldAsync(clerk, number, "bankAccount"));
        Assert.Null(await queries.RevealFieldAsync(clerk, number, "name"));
        Assert.Null(await queries.RevealFieldAsync(WorkflowActor.From(await portal.PrincipalAsync("leader")), number, "bankAccount"));
        Assert.Null(await queries.RevealFieldAsync(WorkflowActor.From(await portal.PrincipalAsync("clerk.gulou")), number, "bankAccount"));
        await using var check = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var reveals = await check.AuditEntries.Where(a => a.Action == AuditActions.PersonalDataRevealed && a.Target == $"application:{number}").ToListAsync();
        Assert.Equal(clerk.UserId, Assert.Single(reveals).UserId);
    }
}
