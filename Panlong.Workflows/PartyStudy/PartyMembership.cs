using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.PartyStudy;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.PartyStudy;

/// <summary>What a 流动党员 states when registering: the home branch, where they live now, and since when they are a member.</summary>
public sealed record MemberRegistration(string HomeRegion, string HomeBranch, string HomeBranchPhone, string CommunityCode, DateOnly? JoinedPartyOn);

/// <summary>
/// 流动党员 registration and its confirmation by the community's party organisation, which is the community org unit
/// (docs/decisions/0053-party-study.md). Only a confirmed member studies and posts; every decision is audited.
/// </summary>
public sealed class PartyMembership(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    /// <summary>The founding of the Party: no membership is older.</summary>
    private static readonly DateOnly Founded = new(1921, 7, 1);

    public async Task<AdminResult> RegisterAsync(WorkflowActor resident, MemberRegistration form, CancellationToken ct = default)
    {
        if (resident.UserId is not { } userId || !resident.Roles.Contains(Roles.Resident))
        {
            return AdminResult.Fail("Refusal.NotAllowedForRole");
        }
        if (Check(form, ChinaTime.Today(clock)) is { } problem)
        {
            return AdminResult.Fail(problem);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var community = await db.OrgUnits.AsNoTracking()
            .SingleOrDefaultAsync(u => u.Code == form.CommunityCode && u.Kind == OrgUnitKind.Community && u.IsActive, ct);
        if (community is null)
        {
            return AdminResult.Fail("PartyStudy.Register.Community");
        }
        var member = await db.PartyMembers.SingleOrDefaultAsync(m => m.UserId == userId, ct);
        if (member is { Status: not MembershipStatus.Declined })
        {
            return AdminResult.Fail("PartyStudy.Register.Exists");
        }
        if (member is null)
        {
            member = new PartyMember
            {
                UserId = userId, Name = resident.Name, HomeRegion = "", HomeBranch = "", HomeBranchPhone = "", CommunityCode = "", ScopePath = "",
            };
            db.PartyMembers.Add(member);
        }
        // A declined member may correct what was wrong and ask again: the same row, pending once more.
        member.HomeRegion = form.HomeRegion.Trim();
        member.HomeBranch = form.HomeBranch.Trim();
        member.HomeBranchPhone = form.HomeBranchPhone.Trim();
        member.CommunityCode = community.Code;
        member.ScopePath = community.ScopePath;
        member.JoinedPartyOn = form.JoinedPartyOn!.Value;
        member.Status = MembershipStatus.Pending;
        member.DeclineReason = null;
        member.DecidedAt = null;
        member.DecidedBy = null;
        member.RegisteredAt = clock.GetUtcNow();
        db.AuditEntries.Add(audit.Create(PartyStudyAudit.Register, userId, resident.Name, community.Code, $"{member.HomeRegion} {member.HomeBranch}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique account index: the same resident registered from another tab at the same moment.
            return AdminResult.Fail("PartyStudy.Register.Exists");
        }
        return AdminResult.Success;
    }

    public static string? Check(MemberRegistration form, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(form.HomeRegion) || form.HomeRegion.Trim().Length > 100
            || string.IsNullOrWhiteSpace(form.HomeBranch) || form.HomeBranch.Trim().Length > 100)
        {
            return "PartyStudy.Register.Branch";
        }
        var phone = form.HomeBranchPhone?.Trim() ?? "";
        if (phone.Length is < 7 or > 20 || !phone.All(c => char.IsAsciiDigit(c) || c is '-' or '+' or ' '))
        {
            return "PartyStudy.Register.Phone";
        }
        if (form.JoinedPartyOn is not { } joined || joined < Founded || joined > today)
        {
            return "PartyStudy.Register.Joined";
        }
        return null;
    }

    public Task<AdminResult> ConfirmAsync(WorkflowActor organizer, long memberId, CancellationToken ct = default) =>
        DecideAsync(organizer, memberId, MembershipStatus.Confirmed, null, ct);

    public Task<AdminResult> DeclineAsync(WorkflowActor organizer, long memberId, string? reason, CancellationToken ct = default) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 200
            ? Task.FromResult(AdminResult.Fail("PartyStudy.Reason.Required"))
            : DecideAsync(organizer, memberId, MembershipStatus.Declined, reason.Trim(), ct);

    private async Task<AdminResult> DecideAsync(WorkflowActor organizer, long memberId, MembershipStatus decision, string? reason, CancellationToken ct)
    {
        if (!organizer.Roles.Contains(Roles.PartyOrganizer))
        {
            return AdminResult.Fail("Refusal.NotAllowedForRole");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Scope on the server: another community's member is "not found", never "not allowed".
        var member = await db.PartyMembers.InScope(organizer.Scope).SingleOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
        {
            return AdminResult.Fail("PartyStudy.NotFound");
        }
        if (member.Status != MembershipStatus.Pending)
        {
            return AdminResult.Fail("PartyStudy.Member.Decided");
        }
        member.Status = decision;
        member.DeclineReason = reason;
        member.DecidedAt = clock.GetUtcNow();
        member.DecidedBy = organizer.Name;
        db.AuditEntries.Add(audit.Create(decision == MembershipStatus.Confirmed ? PartyStudyAudit.Confirm : PartyStudyAudit.Decline,
            organizer.UserId, organizer.Name, $"party-member:{member.Id}", reason));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AdminResult.Fail("Refusal.ChangedBySomeoneElse");
        }
        return AdminResult.Success;
    }

    /// <summary>The account's confirmed membership; null for anyone else (not registered, pending or declined).</summary>
    public static Task<PartyMember?> ConfirmedAsync(PanlongDbContext db, string? userId, CancellationToken ct) =>
        userId is null ? Task.FromResult<PartyMember?>(null)
            : db.PartyMembers.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == userId && m.Status == MembershipStatus.Confirmed, ct);
}
