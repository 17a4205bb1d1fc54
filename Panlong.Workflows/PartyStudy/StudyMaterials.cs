using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.PartyStudy;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.PartyStudy;

/// <summary>One single-choice question: its options and the index of the right one.</summary>
public sealed record QuizQuestion(string Text, IReadOnlyList<string> Options, int Answer)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<QuizQuestion> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<QuizQuestion>>(json, Json) ?? [];
}

/// <summary>A material as the organiser writes it; <see cref="PdfPath"/> is a file the portal's upload checks already accepted.</summary>
public sealed record MaterialDraft(string Title, MaterialKind Kind, string? Body, string? PdfPath, string? PdfName, int RequiredMinutes,
    IReadOnlyList<QuizQuestion> Quiz, int PassMark);

/// <summary>
/// The organisation's study materials. A material is published where its organiser works: a community's organiser for
/// that community, the district's for the whole district (docs/decisions/0053-party-study.md).
/// </summary>
public sealed class StudyMaterials(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public const int MinQuestions = 3;
    public const int MaxQuestions = 10;

    public async Task<(long? Id, string? Problem)> PublishAsync(WorkflowActor organizer, MaterialDraft draft, CancellationToken ct = default)
    {
        if (!organizer.Roles.Contains(Roles.PartyOrganizer) || organizer.Scope.RootPath is not { } where)
        {
            return (null, "Refusal.NotAllowedForRole");
        }
        if (Check(draft) is { } problem)
        {
            return (null, problem);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var material = new StudyMaterial
        {
            Title = draft.Title.Trim(), Kind = draft.Kind, Body = draft.Kind == MaterialKind.Article ? draft.Body!.Trim() : null,
            PdfPath = draft.Kind == MaterialKind.Pdf ? draft.PdfPath : null, PdfName = draft.Kind == MaterialKind.Pdf ? draft.PdfName : null,
            RequiredMinutes = draft.RequiredMinutes, Quiz = draft.Quiz.Count == 0 ? null : JsonSerializer.Serialize(draft.Quiz, QuizQuestion.Json),
            PassMark = draft.Quiz.Count == 0 ? 0 : draft.PassMark, ScopePath = where, IsPublished = true, CreatedAt = now, PublishedAt = now,
            CreatedBy = organizer.Name,
        };
        db.StudyMaterials.Add(material);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(PartyStudyAudit.Publish, organizer.UserId, organizer.Name, $"study-material:{material.Id}", material.Title, ct: ct);
        return (material.Id, null);
    }

    public static string? Check(MaterialDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Trim().Length > 100)
        {
            return "PartyStudy.Material.Title";
        }
        if (draft.RequiredMinutes is < 1 or > 240)
        {
            return "PartyStudy.Material.Minutes";
        }
        if (draft.Kind == MaterialKind.Article && (string.IsNullOrWhiteSpace(draft.Body) || draft.Body.Length > 20000))
        {
            return "PartyStudy.Material.Body";
        }
        if (draft.Kind == MaterialKind.Pdf && string.IsNullOrEmpty(draft.PdfPath))
        {
            return "PartyStudy.Material.Pdf";
        }
        if (draft.Quiz.Count == 0)
        {
            return null;
        }
        if (draft.Quiz.Count is < MinQuestions or > MaxQuestions)
        {
            return "PartyStudy.Quiz.Count";
        }
        if (draft.Quiz.Any(q => string.IsNullOrWhiteSpace(q.Text) || q.Options.Count is < 2 or > 6 || q.Options.Any(string.IsNullOrWhiteSpace)
            || q.Answer < 0 || q.Answer >= q.Options.Count))
        {
            return "PartyStudy.Quiz.Question";
        }
        return draft.PassMark is < 1 or > 100 ? "PartyStudy.Quiz.PassMark" : null;
    }

    /// <summary>Withdraws (or publishes again) a material of the organiser's own scope; studies made so far are kept.</summary>
    public async Task<AdminResult> SetPublishedAsync(WorkflowActor organizer, long materialId, bool published, CancellationToken ct = default)
    {
        if (!organizer.Roles.Contains(Roles.PartyOrganizer))
        {
            return AdminResult.Fail("Refusal.NotAllowedForRole");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var material = await db.StudyMaterials.InScope(organizer.Scope).SingleOrDefaultAsync(m => m.Id == materialId, ct);
        if (material is null)
        {
            return AdminResult.Fail("PartyStudy.NotFound");
        }
        if (material.IsPublished == published)
        {
            return AdminResult.Success;
        }
        material.IsPublished = published;
        material.WithdrawnAt = published ? null : clock.GetUtcNow();
        db.AuditEntries.Add(audit.Create(published ? PartyStudyAudit.Publish : PartyStudyAudit.Withdraw, organizer.UserId, organizer.Name,
            $"study-material:{material.Id}", material.Title));
        await db.SaveChangesAsync(ct);
        return AdminResult.Success;
    }

    /// <summary>A published material the member may study: district-wide, or of the member's own community.</summary>
    public static Task<StudyMaterial?> ForMemberAsync(PanlongDbContext db, PartyMember member, long materialId, CancellationToken ct) =>
        db.StudyMaterials.AsNoTracking().SingleOrDefaultAsync(m => m.Id == materialId && m.IsPublished && member.ScopePath.StartsWith(m.ScopePath), ct);
}
