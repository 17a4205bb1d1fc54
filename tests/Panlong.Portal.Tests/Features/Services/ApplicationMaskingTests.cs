using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Services;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>
/// Issue 16 defect 7: an application page masks ID numbers and phones in the form as it masks the number in its header,
/// for everyone; the window clerk who must call about 补齐补正 reveals the phone, audited, within the clerk's own area.
/// </summary>
[Collection(nameof(PortalCollection))]
public class ApplicationMaskingTests(PortalFactory portal)
{
    private const string Phone = "13800004444";

    /// <summary>GG-00304 at Tuodong's window: a walk-in a clerk enters for a registry person, or the user's own online application.</summary>
    private async Task<string> SubmitAsync(string userName, bool walkIn)
    {
        var protector = portal.Services.GetRequiredService<PersonalDataProtector>();
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var person = await db.People.Where(p => p.IsDemo && p.IdType == IdType.ResidentId && p.ScopePath.StartsWith("/530103/530103001/"))
            .OrderBy(p => p.Id).Skip(5).FirstAsync();
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        var (name, id) = walkIn ? (person.Name, protector.Decrypt(person.IdCipher)) : (user.DisplayName, protector.Decrypt(user.IdCipher!));
        var result = await portal.Services.GetRequiredService<ApplicationService>().SubmitAsync(new ApplicationInput("GG-00304", new Dictionary<string, string?>
        {
            ["name"] = name, ["idNumber"] = id, ["phone"] = Phone,
        }, "530103001", null, WalkIn: walkIn ? new WalkInApplicant(name, id, null) : null), WorkflowActor.From(await portal.PrincipalAsync(userName)));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
        return result.Number!;
    }

    [Fact]
    public async Task ClerkOfTheWindow_SeesThePhoneMasked_AndRevealsIt_WithAnAuditRow_OthersCannot()
    {
        var number = await SubmitAsync("clerk", walkIn: true);
        var html = WebUtility.HtmlDecode(await (await portal.SignedInAsync("clerk")).GetStringAsync($"/applications/{number}"));
        Assert.Contains("138****4444", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone, html, StringComparison.Ordinal);
        Assert.Contains("reveal-phone", html, StringComparison.Ordinal);

        var queries = portal.Services.GetRequiredService<ApplicationQueries>();
        var clerk = WorkflowActor.From(await portal.PrincipalAsync("clerk"));
        Assert.Equal(Phone, await queries.RevealFieldAsync(clerk, number, "phone"));
        Assert.Null(await queries.RevealFieldAsync(clerk, number, "reason"));
        Assert.Null(await queries.RevealFieldAsync(WorkflowActor.From(await portal.PrincipalAsync("clerk.gulou")), number, "phone"));
        Assert.Null(await queries.RevealFieldAsync(WorkflowActor.From(await portal.PrincipalAsync("leader")), number, "phone"));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var reveal = Assert.Single(await db.AuditEntries.Where(a => a.Action == AuditActions.PersonalDataRevealed && a.Target == $"application:{number}").ToListAsync());
        Assert.Equal((clerk.UserId, "phone"), (reveal.UserId, reveal.Detail));
    }

    [Fact]
    public async Task ApplicantsOwnPage_MasksTheFormsIdNumberAsTheHeaderDoes()
    {
        var number = await SubmitAsync("resident", walkIn: false);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var resident = await db.Users.SingleAsync(u => u.UserName == "resident");
        var id = portal.Services.GetRequiredService<PersonalDataProtector>().Decrypt(resident.IdCipher!);

        var html = WebUtility.HtmlDecode(await (await portal.SignedInAsync("resident")).GetStringAsync($"/applications/{number}"));

        Assert.DoesNotContain(id, html, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone, html, StringComparison.Ordinal);
        Assert.Contains(PersonalDataMask.IdNumber(id), html, StringComparison.Ordinal);
    }
}
