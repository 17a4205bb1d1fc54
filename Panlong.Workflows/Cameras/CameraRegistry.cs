using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cameras;
using Panlong.Data.Identity;
using Panlong.Data.Maps;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cameras;

/// <summary>A camera as the keeper enters it; <see cref="Id"/> null for a new one.</summary>
public sealed record CameraForm(int? Id, string? Code, string? Name, CameraKind Kind, double? Lat, double? Lng, string? StreamUrl);

/// <summary>The saved camera's id, or per-field resource keys saying what is wrong (nothing saved).</summary>
public sealed record CameraSaveResult(int? Id, IReadOnlyDictionary<string, string> Errors)
{
    public bool Ok => Id is not null;
}

/// <summary>
/// The camera registry's one write path (docs/decisions/0072-cameras.md), used by the keeper's page and the demo seeding
/// alike: the position is located in a grid by <see cref="GridLocator"/> (the map's grid polygons), which must lie in the
/// keeper's scope; the stream address passes <see cref="CameraStreamUrl"/>; every change is audited in the same save.
/// </summary>
public sealed partial class CameraRegistry(IDbContextFactory<PanlongDbContext> dbFactory, GridLocator grids, CameraSettings settings, AuditLog audit,
    TimeProvider clock)
{
    public async Task<CameraSaveResult> SaveAsync(CameraForm form, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(CameraSettings.Keepers))
        {
            return Refused("form", "Refusal.NotAllowedForRole");
        }
        var errors = new Dictionary<string, string>();
        var code = form.Code?.Trim() ?? "";
        var name = form.Name?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
        {
            errors["code"] = "Cameras.Code.Invalid";
        }
        if (name.Length is 0 or > Camera.NameLength)
        {
            errors["name"] = "Cameras.Name.Length";
        }
        if (!Enum.IsDefined(form.Kind))
        {
            errors["kind"] = "Cameras.Kind.Required";
        }
        GridHit? grid = null;
        if (form.Lat is not { } lat || form.Lng is not { } lng || !double.IsFinite(lat) || !double.IsFinite(lng))
        {
            errors["position"] = "Cameras.Position.Required";
        }
        else if ((grid = await grids.LocateAsync(lat, lng, ct)) is null)
        {
            errors["position"] = "Cameras.Position.Outside";
        }
        else if (!actor.Scope.Covers(grid.ScopePath))
        {
            errors["position"] = "Cameras.Position.OutOfScope";
        }
        if (CameraStreamUrl.Check(form.StreamUrl, settings.AllowedHosts) is { } urlError)
        {
            errors["streamUrl"] = urlError;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (errors.Count == 0 && await db.Cameras.AnyAsync(c => c.Code == code && c.Id != (form.Id ?? 0), ct))
        {
            errors["code"] = "Cameras.Code.Taken";
        }
        var camera = form.Id is { } id ? await db.Cameras.InScope(actor.Scope).SingleOrDefaultAsync(c => c.Id == id, ct) : null;
        if (form.Id is not null && camera is null)
        {
            return Refused("form", "Cameras.NotFound");
        }
        if (errors.Count > 0)
        {
            return new CameraSaveResult(null, errors);
        }
        var isNew = camera is null;
        camera ??= db.Cameras.Add(new Camera { Code = code, Name = name, ScopePath = grid!.ScopePath, StreamUrl = "" }).Entity;
        (camera.Code, camera.Name, camera.Kind, camera.Lat, camera.Lng) = (code, name, form.Kind, Math.Round(form.Lat!.Value, 6), Math.Round(form.Lng!.Value, 6));
        (camera.GridId, camera.ScopePath, camera.StreamUrl, camera.UpdatedAt) = (grid!.Id, grid.ScopePath, form.StreamUrl!.Trim(), clock.GetUtcNow());
        db.AuditEntries.Add(audit.Create(isNew ? AuditActions.CameraCreated : AuditActions.CameraEdited, actor.UserId, actor.Name, $"camera:{code}",
            $"{name} · {grid.Code} · {new Uri(camera.StreamUrl).Host}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (isNew)
        {
            // Another keeper took the code between the check and the save.
            return Refused("code", "Cameras.Code.Taken");
        }
        return new CameraSaveResult(camera.Id, errors);
    }

    /// <summary>Takes a camera off the map and the wall, or puts it back; false when it is not the keeper's to change.</summary>
    public async Task<bool> SetActiveAsync(int id, bool active, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(CameraSettings.Keepers))
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Cameras.InScope(actor.Scope).SingleOrDefaultAsync(c => c.Id == id, ct) is not { } camera)
        {
            return false;
        }
        if (camera.IsActive != active)
        {
            (camera.IsActive, camera.UpdatedAt) = (active, clock.GetUtcNow());
            db.AuditEntries.Add(audit.Create(active ? AuditActions.CameraEnabled : AuditActions.CameraDisabled, actor.UserId, actor.Name, $"camera:{camera.Code}", camera.Name));
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    private static CameraSaveResult Refused(string field, string key) => new(null, new Dictionary<string, string> { [field] = key });

    /// <summary>Letters, digits, '-' and '_': codes are printed on the pole and typed into other systems.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex CodePattern();
}
