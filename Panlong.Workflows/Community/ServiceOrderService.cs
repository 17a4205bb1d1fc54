using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Notifications;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

/// <param name="PersonId">The registry person the service is for; a resident posting for themself leaves it null.</param>
public sealed record ServiceOrderForm(int SkillId, long? PersonId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, string Description);

/// <summary>An outcome and, when refused, the resource key of the reason shown to the user.</summary>
public sealed record OrderResult(bool Ok, string? Problem = null, long? Id = null, int? Meters = null)
{
    public static OrderResult Refused(string problem, int? meters = null) => new(false, problem, Meters: meters);
}

/// <summary>
/// Service orders (抢单, issue 18 part 4; docs/decisions/0055-service-orders.md). A resident, grid worker or community
/// staff posts; the community's qualified volunteers grab — the first wins by a conditional UPDATE (status Open and no
/// assignee) whose affected rows say who won, on every provider; the winner checks in near the house, completes with a
/// photo; the poster confirms and rates, which writes <c>points.order-confirmed</c> in the same transaction. Every change
/// writes a <see cref="ServiceOrderEvent"/> with it, which is what the live notice of ADR 45 is raised for.
/// </summary>
public sealed class ServiceOrderService(IDbContextFactory<PanlongDbContext> dbFactory, ServiceOrderSettings settings, AuditLog audit, IChangeSignal signal,
    TimeProvider clock)
{
    public const string Subject = "service-order";
    /// <summary>Who posts for a resident and works the community's list (the volunteer staff of ADR 52).</summary>
    public const string StaffRoles = VolunteerService.StaffRoles;

    public async Task<OrderResult> PostAsync(WorkflowActor actor, ServiceOrderForm form, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (order, problem) = await DraftAsync(db, actor, form, ct);
        if (order is null)
        {
            return OrderResult.Refused(problem!);
        }
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await AddAsync(db, order, actor, ct);
            await transaction.CommitAsync(ct);
        }, ct);
        Announce();
        return new OrderResult(true, Id: order.Id);
    }

    /// <summary>
    /// The order a form makes, checked (text, window, the person's registered house — in the staff's scope when staff post
    /// for someone — and the skill) but not yet added; null and the problem's resource key when refused.
    /// </summary>
    public async Task<(ServiceOrder? Order, string? Problem)> DraftAsync(PanlongDbContext db, WorkflowActor actor, ServiceOrderForm form, CancellationToken ct)
    {
        var description = form.Description?.Trim() ?? "";
        if (description.Length is 0 or > ServiceOrderRules.MaxDescription)
        {
            return (null, "Orders.Problem.Description");
        }
        var now = clock.GetUtcNow();
        if (form.WindowEnd <= form.WindowStart || form.WindowEnd <= now || form.WindowEnd - form.WindowStart > ServiceOrderRules.MaxWindow)
        {
            return (null, "Orders.Problem.Window");
        }
        var staff = actor.HoldsAny(StaffRoles) && !actor.Scope.IsNone;
        var person = staff && form.PersonId is { } id
            ? await db.People.AsNoTracking().InScope(actor.Scope).SingleOrDefaultAsync(p => p.Id == id, ct)
            : await VolunteerService.PersonOfAsync(db, actor.UserId, ct);
        var house = person?.HouseId is { } houseId ? await db.Houses.AsNoTracking().SingleOrDefaultAsync(h => h.Id == houseId, ct) : null;
        if (person is null || house is null || OrgPath.Parse(house.ScopePath).CodeAt(OrgLevel.Community) is not { } community)
        {
            return (null, "Orders.Problem.NoHouse");
        }
        if (!await db.VolunteerSkills.AnyAsync(s => s.Id == form.SkillId && s.Active, ct))
        {
            return (null, "Orders.Problem.Skill");
        }
        return (new ServiceOrder
        {
            CommunityCode = community,
            ScopePath = house.ScopePath,
            SkillId = form.SkillId,
            PersonId = person.Id,
            HouseId = house.Id,
            BuildingId = house.BuildingId,
            LivingAlone = person.Groups.HasFlag(SpecialGroups.LivingAlone),
            // Stored in UTC: PostgreSQL takes no other offset, and a page hands China time.
            WindowStart = form.WindowStart.ToUniversalTime(),
            WindowEnd = form.WindowEnd.ToUniversalTime(),
            Description = description,
            PostedByUserId = actor.UserId!,
            PostedByName = Trim(actor.Name, 50),
            PostedByStaff = staff && form.PersonId is not null,
            PostedAt = now,
            Version = Guid.NewGuid(),
        }, null);
    }

    /// <summary>Adds a drafted order with its <c>Post</c> event and audit entry, in the caller's transaction; <see cref="Announce"/> once it commits.</summary>
    public async Task AddAsync(PanlongDbContext db, ServiceOrder order, WorkflowActor actor, CancellationToken ct)
    {
        db.ServiceOrders.Add(order);
        await db.SaveChangesAsync(ct);
        db.ServiceOrderEvents.Add(Event(order, ServiceOrderActions.Post, actor, order.PostedAt));
        db.AuditEntries.Add(audit.Create("ServiceOrder.Post", actor.UserId, actor.Name, $"order:{order.Id}", order.CommunityCode));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Tells this node's order pages that orders changed (on PostgreSQL the event rows already told every node, ADR 55).</summary>
    public void Announce() => signal.Changed(Subject);

    /// <summary>
    /// 抢单: exactly one winner. The eligibility is read first (community, skill, offers not paused); the win itself is one
    /// UPDATE … WHERE Id = @id AND Status = 'Open' AND AssigneeVolunteerId IS NULL, and only the caller whose UPDATE
    /// changed a row writes the event — any number of concurrent grabs, on any node, produce one assignment.
    /// </summary>
    public async Task<OrderResult> GrabAsync(long orderId, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var volunteer = await ActiveVolunteerAsync(db, actor.UserId, ct);
        var order = await db.ServiceOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (volunteer is null || order is null || order.CommunityCode != volunteer.CommunityCode)
        {
            return OrderResult.Refused("Orders.Problem.NotFound");
        }
        if (order.Status != ServiceOrderStatus.Open)
        {
            return OrderResult.Refused(order.AssigneeVolunteerId == volunteer.Id ? "Orders.Problem.AlreadyYours" : "Orders.Problem.Taken");
        }
        if (!VolunteerSkill.Ids(volunteer.Skills).Contains(order.SkillId))
        {
            return OrderResult.Refused("Orders.Problem.NotQualified");
        }
        var now = clock.GetUtcNow();
        if (await PausedAsync(db, volunteer.Id, now, ct))
        {
            return OrderResult.Refused("Orders.Problem.Paused");
        }
        var won = await MoveAsync(db, orderId, o => o.Status == ServiceOrderStatus.Open && o.AssigneeVolunteerId == null, s => s
                .SetProperty(o => o.Status, ServiceOrderStatus.Assigned)
                .SetProperty(o => o.AssigneeVolunteerId, volunteer.Id)
                .SetProperty(o => o.AssigneeUserId, volunteer.UserId)
                .SetProperty(o => o.AssignedAt, now),
            Event(order, ServiceOrderActions.Grab, actor, now, volunteer.Id), ct);
        return won ? new OrderResult(true, Id: orderId) : OrderResult.Refused("Orders.Problem.Taken");
    }

    /// <summary>签到: the winner, on site — within <see cref="ServiceOrderSettings.CheckInMeters"/> of the house's building, from a little before the window to its end.</summary>
    public async Task<OrderResult> CheckInAsync(long orderId, WorkflowActor actor, double lat, double lng, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var volunteer = await ActiveVolunteerAsync(db, actor.UserId, ct);
        var order = await db.ServiceOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (volunteer is null || order is null || order.AssigneeVolunteerId != volunteer.Id)
        {
            return OrderResult.Refused("Orders.Problem.NotFound");
        }
        if (order.Status != ServiceOrderStatus.Assigned)
        {
            return OrderResult.Refused("Orders.Problem.State");
        }
        var now = clock.GetUtcNow();
        if (now < order.WindowStart - settings.CheckInEarly || now > order.WindowEnd)
        {
            return OrderResult.Refused("Orders.Problem.CheckInTime");
        }
        if (!double.IsFinite(lat) || !double.IsFinite(lng) || Math.Abs(lat) > 90 || Math.Abs(lng) > 180)
        {
            return OrderResult.Refused("Orders.Problem.NoPosition");
        }
        var building = await db.Buildings.AsNoTracking().Where(b => b.Id == order.BuildingId).Select(b => new { b.Lat, b.Lng }).SingleAsync(ct);
        var meters = (int)Math.Round(ServiceOrderRules.Meters(lat, lng, building.Lat, building.Lng));
        if (meters > settings.CheckInMeters)
        {
            return OrderResult.Refused("Orders.Problem.TooFar", meters);
        }
        var done = await MoveAsync(db, orderId, o => o.Status == ServiceOrderStatus.Assigned && o.AssigneeVolunteerId == volunteer.Id, s => s
                .SetProperty(o => o.Status, ServiceOrderStatus.CheckedIn)
                .SetProperty(o => o.CheckedInAt, now)
                .SetProperty(o => o.CheckInDistance, meters),
            Event(order, ServiceOrderActions.CheckIn, actor, now, volunteer.Id, $"{meters} m"), ct);
        // Lost only to the no-show sweep, which released the order a moment before.
        return done ? new OrderResult(true, Id: orderId, Meters: meters) : OrderResult.Refused("Orders.Problem.State");
    }

    /// <summary>完成: the winner after checking in, with a photo already checked and staged by the portal (docs/decisions/0023-upload-safety.md).</summary>
    public async Task<OrderResult> CompleteAsync(long orderId, WorkflowActor actor, string photoPath, string thumbnailPath, string? note, CancellationToken ct = default)
    {
        if (note?.Trim().Length > ServiceOrderRules.MaxComment)
        {
            return OrderResult.Refused("Orders.Problem.CommentTooLong");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var volunteer = await ActiveVolunteerAsync(db, actor.UserId, ct);
        var order = await db.ServiceOrders.SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (volunteer is null || order is null || order.AssigneeVolunteerId != volunteer.Id)
        {
            return OrderResult.Refused("Orders.Problem.NotFound");
        }
        if (order.Status != ServiceOrderStatus.CheckedIn)
        {
            return OrderResult.Refused("Orders.Problem.State");
        }
        var now = clock.GetUtcNow();
        order.Status = ServiceOrderStatus.Completed;
        order.CompletedAt = now;
        order.PhotoPath = photoPath;
        order.PhotoThumbnailPath = thumbnailPath;
        return await SaveTrackedAsync(db, order, Event(order, ServiceOrderActions.Complete, actor, now, volunteer.Id, Blank(note)), null, ct);
    }

    /// <summary>
    /// 确认并评价: the poster (or, for an order staff posted, the community's staff) confirms and rates 1–5. The points
    /// message of ADR 52 is written in the same transaction, so the beans arrive through the ledger exactly once.
    /// </summary>
    public async Task<OrderResult> ConfirmAsync(long orderId, WorkflowActor actor, int rating, string? comment, CancellationToken ct = default)
    {
        if (rating is < 1 or > 5)
        {
            return OrderResult.Refused("Orders.Problem.Rating");
        }
        if (comment?.Trim().Length > ServiceOrderRules.MaxComment)
        {
            return OrderResult.Refused("Orders.Problem.CommentTooLong");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.ServiceOrders.SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !MayConfirm(order, actor))
        {
            return OrderResult.Refused("Orders.Problem.NotFound");
        }
        if (order.Status != ServiceOrderStatus.Completed)
        {
            return OrderResult.Refused("Orders.Problem.State");
        }
        var now = clock.GetUtcNow();
        order.Status = ServiceOrderStatus.Confirmed;
        order.ConfirmedAt = now;
        order.Rating = rating;
        order.RatingComment = Blank(comment);
        var points = PointsInbox.Earned(PointsInbox.OrderConfirmedTopic, order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            order.AssigneeUserId!, $"服务订单 {order.Id} 已确认", "/volunteer/points", now);
        await OrderNeeds.EndAsync(db, order.Id, met: true, now, ct);
        return await SaveTrackedAsync(db, order, Event(order, ServiceOrderActions.Confirm, actor, now, order.AssigneeVolunteerId, $"{rating} ★ {Blank(comment)}".Trim()), points, ct);
    }

    /// <summary>
    /// 撤单: the poster, or the community's staff, while nobody has checked in. The volunteer who had won it is told, and the
    /// residents' needs it was made from are open again (<see cref="OrderNeeds"/>).
    /// </summary>
    public async Task<OrderResult> CancelAsync(long orderId, WorkflowActor actor, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.ServiceOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !(order.PostedByUserId == actor.UserId || IsStaffOf(order, actor)))
        {
            return OrderResult.Refused("Orders.Problem.NotFound");
        }
        var now = clock.GetUtcNow();
        var done = await MoveAsync(db, async (db, ct) =>
        {
            if (!await CallOffAsync(db, order, actor, Blank(reason), now, ct))
            {
                return false;
            }
            await OrderNeeds.EndAsync(db, orderId, met: false, now, ct);
            return true;
        }, ct);
        return done ? new OrderResult(true, Id: orderId) : OrderResult.Refused("Orders.Problem.State");
    }

    /// <summary>
    /// In the caller's transaction: calls the order off if nobody has checked in and it is still as <paramref name="order"/> was
    /// read (the same volunteer, or none), writing the event and telling that volunteer. False = it moved on meanwhile. The
    /// caller saves, commits and then calls <see cref="Changed"/>.
    /// </summary>
    public static Task<bool> CallOffAsync(PanlongDbContext db, ServiceOrder order, WorkflowActor actor, string? reason, DateTimeOffset now, CancellationToken ct) =>
        MoveInAsync(db, order.Id, Cancellable(order.AssigneeVolunteerId), s => s.SetProperty(o => o.Status, ServiceOrderStatus.Cancelled),
            Event(order, ServiceOrderActions.Cancel, actor, now, order.AssigneeVolunteerId, reason), CalledOffMessage(order, reason, now), ct);

    /// <summary>Nobody has checked in, and the order is still as it was read: the same volunteer, or none.</summary>
    private static Expression<Func<ServiceOrder, bool>> Cancellable(long? assignee) =>
        o => (o.Status == ServiceOrderStatus.Open || o.Status == ServiceOrderStatus.Assigned) && o.AssigneeVolunteerId == assignee;

    /// <summary>The bell message to the volunteer who had won a called-off order; none while nobody had.</summary>
    private static OutboxMessage? CalledOffMessage(ServiceOrder order, string? reason, DateTimeOffset now) =>
        order.AssigneeUserId is { } volunteer
            ? Outbox.Message("order.cancelled", $"user:{volunteer}", $"服务订单 {order.Id} 已撤销", reason ?? order.Description, "/volunteer/orders", now)
            : null;

    /// <summary>Tells the live lists that orders changed (after a commit that moved one).</summary>
    public void Changed() => signal.Changed(Subject);

    /// <summary>
    /// The time rules, run by the portal every <c>Orders:SweepSeconds</c> on every node (each step a conditional update,
    /// so two nodes sweeping at once do each once): orders unassigned past the limit escalate to the community's
    /// approvers (a bell and the staff list's 已上报 filter); winners not checked in by the window's start + grace are
    /// no-shows — the order is offered again and the volunteer's no-show counts.
    /// </summary>
    public async Task<(int Escalated, int NoShows)> SweepAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var postedBefore = now - settings.EscalateAfter;
        var lateStart = now - settings.CheckInGrace;
        var stale = await db.ServiceOrders.AsNoTracking()
            .Where(o => (o.Status == ServiceOrderStatus.Open && o.EscalatedAt == null && o.PostedAt <= postedBefore)
                || (o.Status == ServiceOrderStatus.Assigned && o.WindowStart <= lateStart))
            .OrderBy(o => o.Id).Take(500).ToListAsync(ct);
        var (escalated, noShows) = (0, 0);
        foreach (var order in stale)
        {
            db.ChangeTracker.Clear();
            if (order.Status == ServiceOrderStatus.Open)
            {
                var bell = Outbox.Message("order.escalated", $"unit:{order.CommunityCode}:{Roles.Approver}", $"服务订单 {order.Id} 超时无人接单",
                    order.Description, "/community/orders", now);
                escalated += await MoveAsync(db, order.Id, o => o.Status == ServiceOrderStatus.Open && o.EscalatedAt == null, s => s
                    .SetProperty(o => o.EscalatedAt, now), Event(order, ServiceOrderActions.Escalate, WorkflowActor.System, now), ct, bell) ? 1 : 0;
                continue;
            }
            var volunteer = order.AssigneeVolunteerId;
            noShows += await MoveAsync(db, order.Id, o => o.Status == ServiceOrderStatus.Assigned && o.AssigneeVolunteerId == volunteer, s => s
                    .SetProperty(o => o.Status, ServiceOrderStatus.Open)
                    .SetProperty(o => o.AssigneeVolunteerId, (long?)null)
                    .SetProperty(o => o.AssigneeUserId, (string?)null)
                    .SetProperty(o => o.AssignedAt, (DateTimeOffset?)null)
                    .SetProperty(o => o.NoShows, o => o.NoShows + 1),
                Event(order, ServiceOrderActions.NoShow, WorkflowActor.System, now, volunteer), ct) ? 1 : 0;
        }
        return (escalated, noShows);
    }

    /// <summary>No-shows of a volunteer within the last <see cref="ServiceOrderSettings.NoShowDays"/> days.</summary>
    public Task<int> NoShowsAsync(PanlongDbContext db, long volunteerId, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-settings.NoShowDays);
        return db.ServiceOrderEvents.CountAsync(e => e.VolunteerId == volunteerId && e.Action == ServiceOrderActions.NoShow && e.At >= since, ct);
    }

    public async Task<bool> PausedAsync(PanlongDbContext db, long volunteerId, DateTimeOffset now, CancellationToken ct) =>
        settings.NoShowLimit > 0 && await NoShowsAsync(db, volunteerId, now, ct) >= settings.NoShowLimit;

    public static Task<Volunteer?> ActiveVolunteerAsync(PanlongDbContext db, string? userId, CancellationToken ct) =>
        db.Volunteers.AsNoTracking().SingleOrDefaultAsync(v => v.UserId == userId && v.Status == VolunteerStatus.Active, ct);

    public static bool IsStaffOf(ServiceOrder order, WorkflowActor actor) => actor.HoldsAny(StaffRoles) && actor.Scope.Covers(order.ScopePath);

    public static bool MayConfirm(ServiceOrder order, WorkflowActor actor) =>
        order.PostedByUserId == actor.UserId || (order.PostedByStaff && IsStaffOf(order, actor));

    /// <summary>
    /// One conditional change: the UPDATE runs only where <paramref name="when"/> still holds, and the event (and message)
    /// are written in its transaction only if it changed the row. False = someone else changed the order first.
    /// </summary>
    private Task<bool> MoveAsync(PanlongDbContext db, long orderId, Expression<Func<ServiceOrder, bool>> when,
        Func<UpdateSettersBuilder<ServiceOrder>, UpdateSettersBuilder<ServiceOrder>> set, ServiceOrderEvent change, CancellationToken ct, OutboxMessage? message = null) =>
        MoveAsync(db, (db, ct) => MoveInAsync(db, orderId, when, set, change, message, ct), ct);

    /// <summary>Runs <paramref name="step"/> in a transaction of its own, saves and commits what it added when it moved the order, and tells the live lists.</summary>
    private async Task<bool> MoveAsync(PanlongDbContext db, Func<PanlongDbContext, CancellationToken, Task<bool>> step, CancellationToken ct)
    {
        var moved = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await step(db, ct))
            {
                return false;
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, ct);
        if (moved)
        {
            Changed();
        }
        return moved;
    }

    /// <summary>
    /// In the caller's transaction: the conditional UPDATE, and the event (and message) added only if it changed the row; the caller
    /// saves and commits. False = someone else changed the order first.
    /// </summary>
    private static async Task<bool> MoveInAsync(PanlongDbContext db, long orderId, Expression<Func<ServiceOrder, bool>> when,
        Func<UpdateSettersBuilder<ServiceOrder>, UpdateSettersBuilder<ServiceOrder>> set, ServiceOrderEvent change, OutboxMessage? message, CancellationToken ct)
    {
        var version = Guid.NewGuid();
        var rows = await db.ServiceOrders.Where(o => o.Id == orderId).Where(when).ExecuteUpdateAsync(s => set(s).SetProperty(o => o.Version, version), ct);
        if (rows == 0)
        {
            return false;
        }
        db.ServiceOrderEvents.Add(change);
        if (message is not null)
        {
            db.OutboxMessages.Add(message);
        }
        return true;
    }

    /// <summary>A tracked change guarded by the order's version: a save that lost a race refuses instead of overwriting.</summary>
    private async Task<OrderResult> SaveTrackedAsync(PanlongDbContext db, ServiceOrder order, ServiceOrderEvent change, OutboxMessage? message, CancellationToken ct)
    {
        order.Version = Guid.NewGuid();
        db.ServiceOrderEvents.Add(change);
        if (message is not null)
        {
            db.OutboxMessages.Add(message);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return OrderResult.Refused("Orders.Problem.State");
        }
        signal.Changed(Subject);
        return new OrderResult(true, Id: order.Id);
    }

    private static ServiceOrderEvent Event(ServiceOrder order, string action, WorkflowActor actor, DateTimeOffset at, long? volunteerId = null, string? note = null) => new()
    {
        OrderId = order.Id,
        CommunityCode = order.CommunityCode,
        Action = action,
        At = at,
        ActorUserId = actor.UserId,
        ActorName = Trim(actor.Name, 50),
        VolunteerId = volunteerId,
        Note = note is null ? null : Trim(note, 200),
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Trim(string text, int max) => text.Length > max ? text[..max] : text;
}
