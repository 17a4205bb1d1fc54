using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Notifications;
using Panlong.Portal.Features.Notifications;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Notifications;

/// <summary>A major incident's call-out is delivered before older routine messages (docs/decisions/0075-major-incident-command.md).</summary>
[Collection(nameof(PortalCollection))]
public class OutboxPriorityTests(PortalFactory portal)
{
    [Fact]
    public async Task Dispatcher_HighPriorityMessageWrittenLast_IsDeliveredFirst()
    {
        var user = (await portal.PrincipalAsync("handler")).FindFirstValue(ClaimTypes.NameIdentifier)!;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            db.OutboxMessages.Add(Outbox.Message("case.task", $"user:{user}", $"routine 1 {tag}", null, "/tasks", now));
            db.OutboxMessages.Add(Outbox.Message("case.task", $"user:{user}", $"routine 2 {tag}", null, "/tasks", now));
            var urgent = Outbox.Message("incident.raised", $"user:{user}", $"urgent {tag}", null, "/incidents", now);
            urgent.Priority = OutboxPriority.High;
            db.OutboxMessages.Add(urgent);
            await db.SaveChangesAsync();
        }

        await portal.Services.GetRequiredService<OutboxDispatcher>().DeliverPendingAsync();

        await using var check = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var delivered = await check.Notifications.Where(n => n.UserId == user && n.Title.EndsWith(tag)).OrderBy(n => n.Id).Select(n => n.Title).ToListAsync();
        Assert.Equal([$"urgent {tag}", $"routine 1 {tag}", $"routine 2 {tag}"], delivered);
    }
}
