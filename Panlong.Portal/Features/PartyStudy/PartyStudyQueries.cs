using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.PartyStudy;
using Panlong.Data.Registry;
using Panlong.Workflows.PartyStudy;

namespace Panlong.Portal.Features.PartyStudy;

public sealed record CommunityChoice(string Code, string Name);

/// <summary>A material in a member's list, with where the member stands on it.</summary>
public sealed record MaterialRow(long Id, string Title, MaterialKind Kind, int RequiredMinutes, bool HasQuiz, bool IsPublished, bool DistrictWide,
    int CreditedSeconds, int? BestScore, int QuizAttempts, bool QuizPassed, bool Studied);

public enum StudyState
{
    NotStarted,
    InProgress,
    Done,
}

/// <summary>One cell of the organisation's view: a member and a material.</summary>
public sealed record ProgressRow(long MemberId, string MemberName, string Community, long MaterialId, string MaterialTitle, StudyState State,
    int Minutes, int? BestScore, int QuizAttempts);

public sealed record PostRow(long Id, long? ParentId, string AuthorName, string Text, DateTimeOffset CreatedAt, int Reports, bool Hidden,
    string? HiddenReason, string? HiddenBy, bool Mine, bool CanModerate, string? MaterialTitle = null, long MaterialId = 0);

/// <summary>The reads of party study: each call opens its own context; organisers' reads go through their data scope.</summary>
public sealed class PartyStudyQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<PartyMember?> MembershipAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return userId is null ? null : await db.PartyMembers.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == userId, ct);
    }

    public async Task<IReadOnlyList<CommunityChoice>> CommunitiesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Community && u.IsActive)
            .OrderBy(u => u.ScopePath).Select(u => new CommunityChoice(u.Code, u.Name)).ToListAsync(ct);
    }

    /// <summary>The community a verified resident lives in by the population registry, to preselect; null when unknown.</summary>
    public async Task<string?> RegistryCommunityAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hash = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.IdentityVerifiedAt != null).Select(u => u.IdHash).SingleOrDefaultAsync(ct);
        var grid = hash is null ? null : await db.People.AsNoTracking().Where(p => p.IdHash == hash).Select(p => p.ScopePath).FirstOrDefaultAsync(ct);
        return OrgPath.TryParse(grid, out var path) ? path.CodeAt(OrgLevel.Community) : null;
    }

    /// <summary>The materials a confirmed member may study, district-wide first, with the member's own progress on each.</summary>
    public async Task<IReadOnlyList<MaterialRow>> MaterialsForAsync(PartyMember member, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var materials = await db.StudyMaterials.AsNoTracking().Where(m => m.IsPublished && member.ScopePath.StartsWith(m.ScopePath))
            .OrderByDescending(m => m.PublishedAt).ToListAsync(ct);
        var progress = await db.StudyProgress.AsNoTracking().Where(p => p.MemberId == member.Id).ToDictionaryAsync(p => p.MaterialId, ct);
        return [.. materials.Select(m => Row(m, progress.GetValueOrDefault(m.Id)))];
    }

    /// <summary>The materials an organiser publishes and withdraws: those of their own scope.</summary>
    public async Task<IReadOnlyList<MaterialRow>> OwnMaterialsAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var materials = await db.StudyMaterials.AsNoTracking().InScope(scope).OrderByDescending(m => m.CreatedAt).ToListAsync(ct);
        return [.. materials.Select(m => Row(m, null))];
    }

    private static MaterialRow Row(StudyMaterial m, StudyProgress? p) => new(m.Id, m.Title, m.Kind, m.RequiredMinutes, m.Quiz is not null, m.IsPublished,
        OrgPath.TryParse(m.ScopePath, out var path) && path.Level == OrgLevel.District, p?.CreditedSeconds ?? 0, p?.BestScore, p?.QuizAttempts ?? 0,
        p?.QuizPassedAt is not null, p?.StudiedAt is not null);

    /// <summary>
    /// A material as its reader may open it: a confirmed member a published one of theirs; an organiser one of their own
    /// scope or one published above it (district-wide), to read and moderate its thread. Null for anyone else.
    /// </summary>
    public async Task<(StudyMaterial Material, MaterialRow Row)?> MaterialAsync(long id, PartyMember? member, DataScope? organizerScope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        StudyMaterial? material = null;
        if (member is { Status: MembershipStatus.Confirmed })
        {
            material = await StudyMaterials.ForMemberAsync(db, member, id, ct);
        }
        if (material is null && organizerScope?.RootPath is { } root)
        {
            material = await db.StudyMaterials.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && (m.ScopePath.StartsWith(root) || root.StartsWith(m.ScopePath)), ct);
        }
        if (material is null)
        {
            return null;
        }
        var progress = member is null ? null : await db.StudyProgress.AsNoTracking().SingleOrDefaultAsync(p => p.MaterialId == id && p.MemberId == member.Id, ct);
        return (material, Row(material, progress));
    }

    /// <summary>A thread in order: members see visible posts only; a moderator also the hidden ones of their scope, marked.</summary>
    public async Task<IReadOnlyList<PostRow>> ThreadAsync(long materialId, string? userId, DataScope? moderatorScope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var root = moderatorScope?.RootPath;
        var posts = await db.StudyPosts.AsNoTracking().Where(p => p.MaterialId == materialId && (p.HiddenAt == null || (root != null && p.ScopePath.StartsWith(root))))
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        return [.. posts.Select(p => Post(p, userId, root))];
    }

    private static PostRow Post(StudyPost p, string? userId, string? root, string? title = null) => new(p.Id, p.ParentId, p.AuthorName, p.Text, p.CreatedAt,
        p.Reports, p.HiddenAt is not null, p.HiddenReason, p.HiddenBy, p.AuthorUserId == userId, root is not null && p.ScopePath.StartsWith(root, StringComparison.Ordinal),
        title, p.MaterialId);

    /// <summary>Posts of the organiser's scope that members reported or a moderator hid, newest first.</summary>
    public async Task<IReadOnlyList<PostRow>> ReportedAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.StudyPosts.AsNoTracking().InScope(scope).Where(p => p.Reports > 0 || p.HiddenAt != null)
            .Join(db.StudyMaterials, p => p.MaterialId, m => m.Id, (p, m) => new { p, m.Title })
            .OrderByDescending(x => x.p.CreatedAt).Take(200).ToListAsync(ct);
        return [.. rows.Select(x => Post(x.p, null, scope.RootPath, x.Title))];
    }

    /// <summary>The members of the organiser's scope: pending first, then by name.</summary>
    public async Task<IReadOnlyList<PartyMember>> MembersAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = await db.PartyMembers.AsNoTracking().InScope(scope).ToListAsync(ct);
        return [.. members.OrderBy(m => m.Status).ThenBy(m => m.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Who studied what: every confirmed member of the scope against every published material that applies to them
    /// (district-wide or their community), optionally one material; the organisation's view and its export read the same rows.
    /// </summary>
    public async Task<IReadOnlyList<ProgressRow>> ProgressAsync(DataScope scope, long? materialId, CancellationToken ct = default)
    {
        if (scope.RootPath is not { } root)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = await db.PartyMembers.AsNoTracking().InScope(scope).Where(m => m.Status == MembershipStatus.Confirmed).OrderBy(m => m.Name).ToListAsync(ct);
        var materials = await db.StudyMaterials.AsNoTracking()
            .Where(m => m.IsPublished && (materialId == null || m.Id == materialId) && (m.ScopePath.StartsWith(root) || root.StartsWith(m.ScopePath)))
            .OrderBy(m => m.PublishedAt).ToListAsync(ct);
        var memberIds = members.Select(m => m.Id).ToList();
        var progress = await db.StudyProgress.AsNoTracking().Where(p => memberIds.Contains(p.MemberId)).ToDictionaryAsync(p => (p.MemberId, p.MaterialId), ct);
        var communities = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Community && u.ScopePath.StartsWith(root))
            .ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        return
        [
            .. from member in members
               from material in materials
               where member.ScopePath.StartsWith(material.ScopePath, StringComparison.Ordinal)
               let p = progress.GetValueOrDefault((member.Id, material.Id))
               select new ProgressRow(member.Id, member.Name, communities.GetValueOrDefault(member.CommunityCode, member.CommunityCode), material.Id, material.Title,
                   p is null ? StudyState.NotStarted : p.StudiedAt is not null ? StudyState.Done : StudyState.InProgress,
                   (p?.CreditedSeconds ?? 0) / 60, p?.BestScore, p?.QuizAttempts ?? 0),
        ];
    }

    /// <summary>Masked for lists that leave the screen (docs/domain.md §5).</summary>
    public static string MaskedName(string name) => PersonalDataMask.Name(name);
}
