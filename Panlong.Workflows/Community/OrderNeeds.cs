using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

/// <summary>
/// What the end of a service order does to the residents' needs it was made from (docs/decisions/0063-needs-become-orders.md):
/// confirmed, the household's needs are met; called off, they are open again, out of the group, for staff to act on anew.
/// Runs in the order's own transaction, so a need never says "met" for an order that was not confirmed, nor stays tied to one
/// that was called off. Each resident is told once, in their bell.
/// </summary>
public static class OrderNeeds
{
    public const string MetTitle = "您的需求已满足";
    public const string ReopenedTitle = "服务订单已撤销，您的需求重新开放";

    public static async Task EndAsync(PanlongDbContext db, long orderId, bool met, DateTimeOffset now, CancellationToken ct)
    {
        var id = orderId.ToString(CultureInfo.InvariantCulture);
        var groups = await db.NeedGroups.Where(g => g.LinkKind == NeedContract.LinkOrder && g.LinkId == id && g.Status == NeedStatus.Gathered).ToListAsync(ct);
        foreach (var group in groups)
        {
            var needs = await db.Needs.Where(n => n.GroupId == group.Id && n.Status == NeedStatus.Gathered).ToListAsync(ct);
            group.Status = met ? NeedStatus.Met : NeedStatus.Closed;
            group.ClosedAt = now;
            group.Note = met ? null : $"服务订单 {id} 已撤销";
            foreach (var need in needs)
            {
                need.Status = met ? NeedStatus.Met : NeedStatus.Open;
                need.StatusChangedAt = now;
                if (!met)
                {
                    need.GroupId = null;
                }
            }
            foreach (var user in needs.Select(n => n.UserId).Distinct())
            {
                db.OutboxMessages.Add(Outbox.Message("need.status", $"user:{user}", met ? MetTitle : ReopenedTitle,
                    met ? $"服务订单 {id} 已完成并确认" : "社区将另行安排", "/needs", now));
            }
        }
    }
}
