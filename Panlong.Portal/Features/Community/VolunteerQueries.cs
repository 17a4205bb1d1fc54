using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Community;

public sealed record VolunteerCard(long Id, string Code, string Name, string IdMasked, string? PhoneMasked, string CommunityName, IReadOnlyList<VolunteerSkill> Skills,
    string Availability, VolunteerStatus Status, DateTimeOffset JoinedAt, IReadOnlyList<PostRow> Posts);

public sealed record PostRow(long Id, VolunteerPostKind Kind, long BuildingId, string BuildingName);

public sealed record MyVolunteering(VolunteerCard? Card, VolunteerApplication? Latest, string? PhoneMasked, bool HasPerson);

public sealed record ApplicationRowView(long Id, string Name, string IdMasked, string? PhoneMasked, string Skills, string Availability, string? Note,
    VolunteerApplicationStatus Status, DateTimeOffset SubmittedAt, string? Reason, Guid? InstanceVersion);

/// <summary>A volunteer in the staff list; <see cref="Posts"/> keep the post's kind so the page names it in the reader's language.</summary>
public sealed record VolunteerRowView(long Id, string Code, string Name, string Skills, VolunteerStatus Status, DateTimeOffset JoinedAt, long Balance,
    IReadOnlyList<(string Building, VolunteerPostKind Kind)> Posts);

public sealed record HistoryRow(DateTimeOffset At, string Action, string SourceType, string SourceId, string Memo, int Amount);

/// <summary>A community's beans: issued by its issuing account, spent at its supermarket, held by its volunteers.</summary>
public sealed record PointTotals(long Issued, long Spent, long Held);

/// <summary>
/// The volunteer pages' reads. Staff lists go through the actor's data scope on the server (community A's staff never see
/// B's applications or volunteers); a volunteer reads only their own card and history. Names and ID numbers are masked
/// (docs/domain.md §5).
/// </summary>
public sealed class VolunteerQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<IReadOnlyList<VolunteerSkill>> SkillsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.VolunteerSkills.AsNoTracking().Where(s => s.Active).OrderBy(s => s.SortOrder).ToListAsync(ct);
    }

    public async Task<MyVolunteering> MineAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var person = await VolunteerService.PersonOfAsync(db, actor.UserId, ct);
        var latest = await db.VolunteerApplications.AsNoTracking().Where(a => a.UserId == actor.UserId).OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        var volunteer = await db.Volunteers.AsNoTracking().SingleOrDefaultAsync(v => v.UserId == actor.UserId, ct);
        var card = volunteer is null || volunteer.Status == VolunteerStatus.Left ? null : await CardAsync(db, volunteer, ct);
        return new MyVolunteering(card, latest, person?.PhoneMasked, person is not null);
    }

    private static async Task<VolunteerCard> CardAsync(PanlongDbContext db, Volunteer volunteer, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == volunteer.PersonId).Select(p => new { p.Name, p.IdMasked, p.PhoneMasked }).SingleAsync(ct);
        var community = await db.OrgUnits.AsNoTracking().Where(u => u.Code == volunteer.CommunityCode).Select(u => u.Name).SingleOrDefaultAsync(ct) ?? volunteer.CommunityCode;
        var skills = await SkillsOfAsync(db, volunteer.Skills, ct);
        var posts = await (from p in db.VolunteerPosts
                           join b in db.Buildings on p.BuildingId equals b.Id
                           where p.VolunteerId == volunteer.Id
                           select new PostRow(p.Id, p.Kind, b.Id, b.Name)).ToListAsync(ct);
        return new VolunteerCard(volunteer.Id, volunteer.Code, person.Name, person.IdMasked, person.PhoneMasked, community, skills, volunteer.Availability,
            volunteer.Status, volunteer.JoinedAt, posts);
    }

    private static async Task<IReadOnlyList<VolunteerSkill>> SkillsOfAsync(PanlongDbContext db, string ids, CancellationToken ct)
    {
        var wanted = VolunteerSkill.Ids(ids).ToList();
        return await db.VolunteerSkills.AsNoTracking().Where(s => wanted.Contains(s.Id)).OrderBy(s => s.SortOrder).ToListAsync(ct);
    }

    /// <summary>The volunteer's balance (the sum of their account's entries) and latest movements, newest first.</summary>
    public async Task<(long Balance, IReadOnlyList<HistoryRow> History)> PointsAsync(WorkflowActor actor, int take = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var code = await db.Volunteers.Where(v => v.UserId == actor.UserId).Select(v => v.Code).SingleOrDefaultAsync(ct);
        var account = code is null ? null : await PointLedger.VolunteerAccountAsync(db, code, ct);
        if (account is null)
        {
            return (0, []);
        }
        var history = await (from e in db.PointEntries
                             join t in db.PointTransactions on e.TransactionId equals t.Id
                             where e.AccountId == account.Id
                             orderby t.Id descending
                             select new HistoryRow(t.At, t.Action, t.SourceType, t.SourceId, t.Memo, e.Amount)).Take(take).ToListAsync(ct);
        return (await PointLedger.BalanceAsync(db, account.Id, ct), history);
    }

    public async Task<IReadOnlyList<ApplicationRowView>> ApplicationsAsync(WorkflowActor actor, bool openOnly, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var skills = await SkillNamesByIdAsync(db, ct);
        var rows = await (from a in db.VolunteerApplications.AsNoTracking().InScope(actor.Scope)
                          join p in db.People on a.PersonId equals p.Id
                          where !openOnly || a.Status == VolunteerApplicationStatus.Submitted
                          orderby a.Id descending
                          select new { a, p.Name, p.IdMasked, p.PhoneMasked, Version = db.ProcessInstances.Where(i => i.Id == a.InstanceId).Select(i => (Guid?)i.Version).FirstOrDefault() })
            .Take(200).ToListAsync(ct);
        return rows.Select(r => new ApplicationRowView(r.a.Id, PersonalDataMask.Name(r.Name), r.IdMasked, r.PhoneMasked, SkillNames(skills, r.a.Skills), r.a.Availability,
            r.a.Note, r.a.Status, r.a.SubmittedAt, r.a.Reason, r.Version)).ToList();
    }

    public async Task<IReadOnlyList<VolunteerRowView>> VolunteersAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var skills = await SkillNamesByIdAsync(db, ct);
        var rows = await (from v in db.Volunteers.AsNoTracking().InScope(actor.Scope)
                          join p in db.People on v.PersonId equals p.Id
                          where v.Status != VolunteerStatus.Left
                          orderby v.Id
                          select new
                          {
                              v, p.Name,
                              Balance = (from a in db.PointAccounts where a.Kind == PointAccountKind.Volunteer && a.Owner == v.Code
                                         from e in db.PointEntries where e.AccountId == a.Id select (long)e.Amount).Sum(),
                          }).Take(500).ToListAsync(ct);
        var ids = rows.Select(r => r.v.Id).ToList();
        var posts = await (from p in db.VolunteerPosts join b in db.Buildings on p.BuildingId equals b.Id where ids.Contains(p.VolunteerId)
                           select new { p.VolunteerId, p.Kind, b.Name }).ToListAsync(ct);
        return rows.Select(r => new VolunteerRowView(r.v.Id, r.v.Code, PersonalDataMask.Name(r.Name), SkillNames(skills, r.v.Skills), r.v.Status, r.v.JoinedAt, r.Balance,
            posts.Where(p => p.VolunteerId == r.v.Id).Select(p => (p.Name, p.Kind)).ToList())).ToList();
    }

    /// <summary>Every skill's name in the reader's language, by the id as the lists store it (docs/decisions/0052-volunteers-and-points-ledger.md).</summary>
    internal static Task<Dictionary<string, string>> SkillNamesByIdAsync(PanlongDbContext db, CancellationToken ct) =>
        db.VolunteerSkills.AsNoTracking().ToDictionaryAsync(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.DisplayName.ToString(), ct);

    /// <summary>The communities in the actor's scope: issued = what their issuing accounts gave out, spent = what their supermarkets took in, held = the rest.</summary>
    public async Task<PointTotals> TotalsAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sums = await (from a in db.PointAccounts.Where(a => actor.Scope.RootPath != null && a.ScopePath.StartsWith(actor.Scope.RootPath))
                          join e in db.PointEntries on a.Id equals e.AccountId
                          group e.Amount by a.Kind into g
                          select new { Kind = g.Key, Sum = g.Sum(x => (long)x) }).ToListAsync(ct);
        long Of(PointAccountKind kind) => sums.Where(s => s.Kind == kind).Sum(s => s.Sum);
        return new PointTotals(-Of(PointAccountKind.Issuing), Of(PointAccountKind.Supermarket), Of(PointAccountKind.Volunteer));
    }

    /// <summary>Buildings of the actor's scope whose name matches, for appointing a post.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> BuildingsAsync(WorkflowActor actor, string? search, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Buildings.AsNoTracking().InScope(actor.Scope);
        if (!string.IsNullOrWhiteSpace(search))
        {
            query = query.Where(b => b.Name.Contains(search) || b.Address.Contains(search));
        }
        var rows = await query.OrderBy(b => b.Name).Take(30).Select(b => new { b.Id, b.Name }).ToListAsync(ct);
        return rows.Select(b => (b.Id, b.Name)).ToList();
    }

    internal static string SkillNames(Dictionary<string, string> names, string ids) =>
        string.Join("、", ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(i => names.GetValueOrDefault(i, i)));
}
