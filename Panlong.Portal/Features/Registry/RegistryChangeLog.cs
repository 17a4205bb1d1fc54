using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;

namespace Panlong.Portal.Features.Registry;

public sealed record SaveOutcome(bool Ok, long? Id, IReadOnlyList<FieldError> Errors)
{
    public static SaveOutcome Fail(string field, string code) => new(false, null, [new FieldError(field, code)]);

    /// <summary>
    /// The refusal before anything is read: only the grid staff collect and correct registry records
    /// (<see cref="Roles.RegistryEditors"/>), and only with fields that keep the rules.
    /// </summary>
    public static SaveOutcome? Refuse(ClaimsPrincipal editor, IReadOnlyList<FieldError> errors) =>
        !editor.HoldsAny(Roles.RegistryEditors) ? Fail("", "Common.NotInScope")
        : errors.Count > 0 ? new SaveOutcome(false, null, errors)
        : null;
}

/// <summary>One field of a change: its value before and after (personal data only masked).</summary>
public sealed record FieldChange(string Field, string? Old, string? New);

public sealed record ChangeEntry(DateTimeOffset At, string? UserName, string Action, IReadOnlyList<FieldChange> Fields);

/// <summary>
/// How every registry record is saved and how its history is read: the record is changed inside the editor's scope
/// at the version they loaded, and one <see cref="RegistryChange"/> row keeps who changed which field from what to what.
/// </summary>
public sealed class RegistryChangeLog(IDbContextFactory<PanlongDbContext> dbFactory)
{
    /// <param name="id">0 for a new record, made by <paramref name="create"/>.</param>
    /// <param name="expectedVersion">The version the editor loaded; a newer one means someone else saved in between.</param>
    /// <param name="snapshot">The fields the log compares, as the log should show them.</param>
    public static async Task<SaveOutcome> SaveAsync<T>(PanlongDbContext db, ClaimsPrincipal editor, long id, Guid expectedVersion, DateTimeOffset now,
        Func<T> create, Action<T> apply, Func<T, Dictionary<string, string?>> snapshot, CancellationToken ct)
        where T : class, IRegistryRecord
    {
        T record;
        Dictionary<string, string?> before = [];
        if (id == 0)
        {
            record = create();
            db.Set<T>().Add(record);
        }
        else
        {
            var found = await db.Set<T>().InScope(DataScope.For(editor)).SingleOrDefaultAsync(r => r.Id == id, ct);
            if (found is null)
            {
                return SaveOutcome.Fail("", "Common.NotInScope");
            }
            record = found;
            before = snapshot(record);
            db.Entry(record).Property(nameof(IVersioned.Version)).OriginalValue = expectedVersion;
        }
        apply(record);
        record.UpdatedAt = now;
        var after = snapshot(record);
        var changes = after.Where(kv => before.TryGetValue(kv.Key, out var old) ? old != kv.Value : kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => new[] { before.GetValueOrDefault(kv.Key), kv.Value });
        try
        {
            await db.SaveChangesAsync(ct);
            db.RegistryChanges.Add(new RegistryChange
            {
                EntityType = typeof(T).Name,
                EntityId = record.Id,
                At = now,
                UserId = editor.FindFirstValue(ClaimTypes.NameIdentifier),
                UserName = editor.Identity?.Name,
                Action = id == 0 ? "Created" : "Updated",
                Changes = JsonSerializer.Serialize(changes),
            });
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveOutcome.Fail("", "Common.ChangedBySomeoneElse");
        }
        return new SaveOutcome(true, record.Id, []);
    }

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
