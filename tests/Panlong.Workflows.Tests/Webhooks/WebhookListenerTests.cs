using Microsoft.EntityFrameworkCore;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Webhooks;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Webhooks;

namespace Panlong.Workflows.Tests.Webhooks;

/// <summary>Status changes become webhook messages in the engine's transaction, for the subscriptions whose area covers the case (ADR 90).</summary>
public class WebhookListenerTests
{
    private static WorkflowActor Person(string id, string scope, params string[] roles) => new(id, id, roles.ToHashSet(), new DataScope(scope));

    [Fact]
    public async Task CaseStatusChange_SubscriptionsCoveringItsArea_GetOneMessageEachWithoutPersonalData()
    {
        await using var engine = await TestEngine.StartAsync();
        int tuodong, gulou, stopped, applications;
        double lat, lng;
        int category;
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            var place = await TestPlaces.GridAsync(db, "530103001001");
            (lat, lng) = (place.Lat, place.Lng);
            category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
            WebhookSubscription Subscription(string scope, bool cases = true, bool active = true) => new()
            {
                ClientId = "partner-test", Url = "https://hooks.example.cn/", Cases = cases, Applications = !cases, ScopePath = scope, ProtectedSecret = "x", IsActive = active,
            };
            var rows = new[] { Subscription("/530103/530103001/"), Subscription("/530103/530103002/"), Subscription("/530103/", active: false), Subscription("/530103/", cases: false) };
            db.WebhookSubscriptions.AddRange(rows);
            await db.SaveChangesAsync();
            (tuodong, gulou, stopped, applications) = (rows[0].Id, rows[1].Id, rows[2].Id, rows[3].Id);
        }
        var cases = engine.Database.Get<CaseService>();
        var reported = await cases.ReportAsync(new CaseReport(category, "东庄社区路口有暴露垃圾，联系人张三 13800001234", lat, lng, "东庄路口", null, false,
            [new StoredPhoto(PhotoStage.Before, "b.jpg", "image/jpeg", 1000, "cases/b.jpg", "cases/b.thumb.jpg")]), Person("inspector", "/530103/", Roles.Inspector));
        Assert.True(reported.Ok);
        var accepted = await cases.ActAsync(reported.Number!, CaseLoopContract.Accept, Person("acceptor", "/530103/", Roles.Acceptor), new FireInput(null, null, null));
        Assert.Equal(CaseActOutcome.Done, accepted.Outcome);

        await using var check = await engine.Database.Factory.CreateDbContextAsync();
        var messages = await check.OutboxMessages.Where(m => m.Topic == WebhookEvents.Topic).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([WebhookEvents.RecipientPrefix + tuodong, WebhookEvents.RecipientPrefix + tuodong], messages.Select(m => m.Recipient));
        Assert.DoesNotContain(messages, m => m.Recipient.EndsWith($":{gulou}", StringComparison.Ordinal) || m.Recipient.EndsWith($":{stopped}", StringComparison.Ordinal)
            || m.Recipient.EndsWith($":{applications}", StringComparison.Ordinal));
        var bodies = messages.Select(m => System.Text.Json.JsonSerializer.Deserialize<WebhookEvents.Body>(m.Payload!, WebhookEvents.Json)!).ToList();
        Assert.Equal([CaseLoopContract.Accepting, CaseLoopContract.Filing], bodies.Select(b => b.Data.State));
        Assert.All(bodies, b => Assert.Equal((reported.Number, "10-01", WebhookEvents.CaseStatus), (b.Data.Number, b.Data.Code, b.Type)));
        Assert.NotEqual(bodies[0].Id, bodies[1].Id);
        Assert.All(messages, m => Assert.DoesNotContain("13800001234", m.Payload, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotContain("inspector", m.Payload, StringComparison.Ordinal));
    }

    /// <summary>
    /// A step with no subscription remembers "none" (docs/decisions/0101-a-step-without-waste.md); a subscription made after it
    /// and announced as the portal's service announces it is honoured at the very next step, on both databases.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task CaseStatusChange_SubscriptionMadeAfterAStepWithNone_HonouredAtTheNextStep(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var cases = engine.Database.Get<CaseService>();
        int category;
        (double Lat, double Lng) place;
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            var grid = await TestPlaces.GridAsync(db, "530103001001");
            place = (grid.Lat, grid.Lng);
            category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        }
        var reported = await cases.ReportAsync(new CaseReport(category, "东庄社区路口有暴露垃圾", place.Lat, place.Lng, "东庄路口", null), Person("inspector", "/530103/", Roles.Inspector));
        Assert.True(reported.Ok);
        int subscription;
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            Assert.False(await db.OutboxMessages.AnyAsync(m => m.Topic == WebhookEvents.Topic));
            var row = new WebhookSubscription { ClientId = "partner-test", Url = "https://hooks.example.cn/", Cases = true, ScopePath = "/530103/", ProtectedSecret = "x" };
            db.WebhookSubscriptions.Add(row);
            await db.SaveChangesAsync();
            subscription = row.Id;
        }
        WebhookSubscriptionCache.Changed();

        var accepted = await cases.ActAsync(reported.Number!, CaseLoopContract.Accept, Person("acceptor", "/530103/", Roles.Acceptor), new FireInput(null, null, null));
        Assert.Equal(CaseActOutcome.Done, accepted.Outcome);
        await using var check = await engine.Database.Factory.CreateDbContextAsync();
        var message = await check.OutboxMessages.SingleAsync(m => m.Topic == WebhookEvents.Topic);
        Assert.Equal(WebhookEvents.RecipientPrefix + subscription, message.Recipient);
        Assert.Contains($"\"state\":\"{CaseLoopContract.Filing}\"", message.Payload, StringComparison.Ordinal);
    }
}
