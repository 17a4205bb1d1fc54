using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Portal.Features.Notifications;

namespace Panlong.Portal.Tests.Features.Notifications;

/// <summary>Texts to one phone are limited per hour wherever they come from (issue 15: SMS codes per phone).</summary>
[Collection(nameof(PortalCollection))]
public class SmsOutboxTests(PortalFactory portal)
{
    [Fact]
    public async Task Add_PastThePhonesHourlyLimit_QueuesNothingMore()
    {
        var person = 900_000_000L + Random.Shared.Next(1_000_000);
        var sms = portal.Services.GetRequiredService<SmsOutbox>();
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();

        var queued = Enumerable.Range(0, 6).Select(i => sms.Add(db, "sms.code", person, $"code {i}")).ToList();
        var another = sms.Add(db, "sms.code", person + 1, "code");

        Assert.Equal([true, true, true, true, true, false], queued);
        Assert.True(another);
        Assert.Equal(5, db.ChangeTracker.Entries<Data.Notifications.OutboxMessage>().Count(e => e.Entity.Recipient == $"sms:person:{person}"));
    }
}
