using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Open311;
using Panlong.Portal.Features.Webhooks;

namespace Panlong.Portal.Features.Open311Client;

public sealed record UpstreamForm(int? Id, string? Name, string? BaseUrl, string? JurisdictionId, string? ApiKey, bool Active = true);

public sealed record UpstreamRow(int Id, string Name, string BaseUrl, string? JurisdictionId, bool HasKey, bool Active);

public sealed record RouteRow(int CategoryId, string CategoryCode, string CategoryName, int? UpstreamId, string? ServiceCode);

public sealed record UpstreamResult(int? Id, IReadOnlyDictionary<string, string> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// The system administrator's upstream Open311 servers and each category's route to one (docs/decisions/0093-open311-forwarding.md):
/// the address SSRF-checked like a webhook target (<see cref="WebhookTargets"/>), the api_key kept protected like a webhook
/// secret and never shown again, every change audited.
/// </summary>
public sealed class Upstreams(IDbContextFactory<PanlongDbContext> dbFactory, WebhookTargets targets, IDataProtectionProvider protection,
    UserManager<PanlongUser> users, AuditLog audit)
{
    public const string Purpose = "Panlong.Open311.ApiKey";

    public IDataProtector Protector => protection.CreateProtector(Purpose);

    /// <summary>Where a case went upstream, for the case page's line (none when it never went or was recalled).</summary>
    public async Task<ForwardedCaseLine?> ForwardOfAsync(long caseId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ForwardedCases.AsNoTracking().Where(f => f.CaseId == caseId && f.Status != ForwardStatus.Recalled)
            .Select(f => new ForwardedCaseLine(f.Upstream!.Name, f.Status, f.ServiceRequestId, f.LastError)).SingleOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<UpstreamRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Open311Upstreams.AsNoTracking().OrderBy(u => u.Id)
            .Select(u => new UpstreamRow(u.Id, u.Name, u.BaseUrl, u.JurisdictionId, u.ProtectedApiKey != null, u.IsActive)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<RouteRow>> RoutesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var routes = await db.Open311Routes.AsNoTracking().ToDictionaryAsync(r => r.CategoryId, ct);
        var categories = await db.CaseCategories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Code)
            .Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct);
        return categories.Select(c => new RouteRow(c.Id, c.Code, c.Name, routes.GetValueOrDefault(c.Id)?.UpstreamId, routes.GetValueOrDefault(c.Id)?.ServiceCode)).ToList();
    }

    public async Task<UpstreamResult> SaveAsync(UpstreamForm form, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var name = form.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > Open311Upstream.NameLength)
        {
            errors["name"] = "Upstream.Name.Required";
        }
        if (targets.Refusal(form.BaseUrl) is { } refusal)
        {
            errors["url"] = refusal;
        }
        var jurisdiction = string.IsNullOrWhiteSpace(form.JurisdictionId) ? null : form.JurisdictionId.Trim();
        if (jurisdiction?.Length > Open311Upstream.CodeLength || form.ApiKey?.Length > 500)
        {
            errors["jurisdiction"] = "Upstream.TooLong";
        }
        if (errors.Count > 0)
        {
            return new UpstreamResult(null, errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = form.Id is { } id ? await db.Open311Upstreams.SingleOrDefaultAsync(u => u.Id == id, ct) : null;
        if (row is null)
        {
            row = new Open311Upstream { Name = name!, BaseUrl = "" };
            db.Open311Upstreams.Add(row);
        }
        row.Name = name!;
        row.BaseUrl = form.BaseUrl!.Trim().TrimEnd('/');
        row.JurisdictionId = jurisdiction;
        row.IsActive = form.Active;
        // An empty key field keeps the stored key: it is never shown, so the form cannot carry it back.
        if (!string.IsNullOrWhiteSpace(form.ApiKey))
        {
            row.ProtectedApiKey = Protector.Protect(form.ApiKey.Trim());
        }
        await db.SaveChangesAsync(ct);
        await WriteAuditAsync(Open311ClientAudit.UpstreamSaved, actor, row.Name,
            $"{row.BaseUrl} · {row.JurisdictionId} · {(row.IsActive ? "active" : "off")}{(string.IsNullOrWhiteSpace(form.ApiKey) ? "" : " · api_key")}", ct);
        return new UpstreamResult(row.Id, errors);
    }

    /// <summary>Routes a category to an upstream's service_code; no upstream or an empty code removes the route.</summary>
    public async Task<UpstreamResult> RouteAsync(int categoryId, int? upstreamId, string? serviceCode, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var category = await db.CaseCategories.AsNoTracking().Where(c => c.Id == categoryId).Select(c => c.Code).SingleOrDefaultAsync(ct);
        var code = serviceCode?.Trim();
        if (category is null || (upstreamId is { } u && !await db.Open311Upstreams.AnyAsync(x => x.Id == u, ct)))
        {
            return new UpstreamResult(null, new Dictionary<string, string> { ["route"] = "Upstream.Route.Invalid" });
        }
        if (code?.Length > Open311Upstream.CodeLength)
        {
            return new UpstreamResult(null, new Dictionary<string, string> { ["route"] = "Upstream.TooLong" });
        }
        var row = await db.Open311Routes.SingleOrDefaultAsync(r => r.CategoryId == categoryId, ct);
        if (upstreamId is null || string.IsNullOrEmpty(code))
        {
            if (row is not null)
            {
                db.Open311Routes.Remove(row);
            }
        }
        else
        {
            row ??= db.Open311Routes.Add(new Open311Route { CategoryId = categoryId, ServiceCode = code }).Entity;
            row.UpstreamId = upstreamId.Value;
            row.ServiceCode = code;
        }
        await db.SaveChangesAsync(ct);
        await WriteAuditAsync(Open311ClientAudit.RouteSaved, actor, category, upstreamId is null || string.IsNullOrEmpty(code) ? "-" : $"#{upstreamId} · {code}", ct);
        return new UpstreamResult(categoryId, new Dictionary<string, string>());
    }

    private Task WriteAuditAsync(string action, ClaimsPrincipal actor, string target, string detail, CancellationToken ct) =>
        audit.WriteAsync(action, users.GetUserId(actor), actor.Identity?.Name, target: target, detail: detail, ct: ct);
}

/// <summary>What the Open311 client writes to the audit log (listed in the audit catalog).</summary>
public static class Open311ClientAudit
{
    public const string UpstreamSaved = "Open311.Upstream.Save";
    public const string RouteSaved = "Open311.Route.Save";

    public static readonly IReadOnlyList<string> All = [UpstreamSaved, RouteSaved];
}

/// <summary>The case page's "已转至 …" line: the upstream's name, the forwarding's state, the upstream's number, the last error.</summary>
public sealed record ForwardedCaseLine(string Name, ForwardStatus Status, string? ServiceRequestId, string? LastError);
