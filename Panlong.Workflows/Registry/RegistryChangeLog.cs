using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Registry;

public sealed record SaveOutcome(bool Ok, long? Id, IReadOnlyList<FieldError> Errors)
{
    public static SaveOutcome Fail(string field, string code) => new(false, null, [new FieldError(field, code)]);

    /// <summary>
    /// The refusal before anything is read: only the grid staff collect and correct registry records
    /// (<see cref="Roles.RegistryEditors"/>), and only with fields that keep the rules.
    /// </summary>
    public static SaveOutcome? Refuse(WorkflowActor editor, IReadOnlyList<FieldError> errors) =>
        !editor.HoldsAny(Roles.RegistryEditors) ? Fail("", "Common.NotInScope")
        : errors.Count > 0 ? new SaveOutcome(false, null, errors)
        : null;
}

/// <summary>
/// How every registry record is saved: the record is changed inside the editor's scope at the version they loaded, and
/// one <see cref="RegistryChange"/> row keeps who changed which field from what to what.
/// </summary>
public static class RegistryChangeLog
{
    /// <param name="id">0 for a new record, made by <paramref name="create"/>.</param>
    /// <param name="expectedVersion">The version the editor loaded; a newer one means someone else saved in between.</param>
    /// <param name="snapshot">The fields the log compares, as the log should show them.</param>
    public static async Task<SaveOutcome> SaveAsync<T>(PanlongDbContext db, WorkflowActor editor, long id, Guid expectedVersion, DateTimeOffset now,
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
            var found = await db.Set<T>().InScope(editor.Scope).SingleOrDefaultAsync(r => r.Id == id, ct);
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
            db.RegistryChanges.Add(Entry(editor, typeof(T).Name, record.Id, now, id == 0 ? "Created" : "Updated", JsonSerializer.Serialize(changes)));
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveOutcome.Fail("", "Common.ChangedBySomeoneElse");
        }
        return new SaveOutcome(true, record.Id, []);
    }

    /// <param name="changes">The change as JSON: old and new value per field, or the imported values.</param>
    public static RegistryChange Entry(WorkflowActor editor, string entityType, long entityId, DateTimeOffset now, string action, string changes) => new()
    {
        EntityType = entityType,
        EntityId = entityId,
        At = now,
        UserId = editor.UserId,
        UserName = editor.Name,
        Action = action,
        Changes = changes,
    };
}
