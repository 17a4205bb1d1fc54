using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;

namespace Panlong.Portal.Features.Registry;

/// <summary>One field of a change: its value before and after (personal data only masked).</summary>
public sealed record FieldChange(string Field, string? Old, string? New);

public sealed record ChangeEntry(DateTimeOffset At, string? UserName, string Action, IReadOnlyList<FieldChange> Fields);

/// <summary>A registry record's history as the change log (Panlong.Workflows.Registry.RegistryChangeLog) wrote it.</summary>
public sealed class ChangeLogQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    /// <summary>The newest changes of one record, or none when the record is outside the viewer's scope.</summary>
    public async Task<IReadOnlyList<ChangeEntry>> ChangesAsync<T>(ClaimsPrincipal viewer, long id, int take = 50, CancellationToken ct = default)
        where T : class, IRegistryRecord
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Set<T>().InScope(DataScope.For(viewer)).AnyAsync(r => r.Id == id, ct))
        {
            return [];
        }
        var rows = await db.RegistryChanges.AsNoTracking().Where(c => c.EntityType == typeof(T).Name && c.EntityId == id)
            .OrderByDescending(c => c.Id).Take(take).ToListAsync(ct);
        return rows.Select(c => new ChangeEntry(c.At, c.UserName, c.Action,
                JsonSerializer.Deserialize<Dictionary<string, string?[]>>(c.Changes)!.Select(kv => new FieldChange(kv.Key, kv.Value[0], kv.Value[1])).ToList()))
            .ToList();
    }
}
