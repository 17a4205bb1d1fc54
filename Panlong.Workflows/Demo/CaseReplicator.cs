using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Notifications;
using Panlong.Data.Workflows;

namespace Panlong.Workflows.Demo;

/// <summary>
/// A city's volume of cases from the loop's own (issue 17; docs/decisions/0044-city-scale-data.md): every case the loop
/// generated is present <c>copies</c> times in the end — each copy under new ids with its instance, timeline, timers, tasks,
/// facts, photos and outbox messages, in the same grid, at the same moments — so each unit holds that many times its work
/// and every row is one the loop wrote. Copy <c>k</c> of a day's report number <c>n</c> is number <c>k × stride + n</c> of
/// that day (the stride a power of ten above the day's largest), so numbers stay the day's serials the next report
/// continues from; a copy's client key <c>copy:k:id</c> tells it from the loop's. PostgreSQL only: one INSERT … SELECT per table.
/// </summary>
public sealed class CaseReplicator(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public const string CopyKey = "copy:";

    /// <summary>The loop's cases: generated, and not a copy.</summary>
    private const string Originals = "c.\"IsDemo\" AND (c.\"ClientKey\" IS NULL OR c.\"ClientKey\" NOT LIKE 'copy:%')";

    /// <returns>Cases added.</returns>
    public async Task<int> ReplicateAsync(int copies, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!db.Database.IsNpgsql())
        {
            throw new NotSupportedException("Copying cases in bulk is written for PostgreSQL (the city-scale measurement's database).");
        }
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        var originals = await db.Cases.CountAsync(c => c.IsDemo && (c.ClientKey == null || !c.ClientKey.StartsWith(CopyKey)), ct);
        var present = await db.Cases.CountAsync(c => c.IsDemo && c.ClientKey != null && c.ClientKey.StartsWith(CopyKey), ct);
        var first = originals == 0 ? copies : present / originals + 1;
        if (first >= copies)
        {
            return 0;
        }
        // The number is AJ + the day (8 digits) + a five-digit serial (DailyNumbers).
        var largest = await db.Database.SqlQueryRaw<int>(
            $"SELECT coalesce(max(substring(c.\"Number\" from 11)::int), 0) AS \"Value\" FROM \"Cases\" c WHERE {Originals}").SingleAsync(ct);
        var stride = (int)Math.Pow(10, Math.Max(1, (int)Math.Ceiling(Math.Log10(largest + 1))));
        if ((long)(copies - 1) * stride + largest > 99_999)
        {
            throw new ArgumentOutOfRangeException(nameof(copies), $"{copies} copies of days with up to {largest} reports do not fit five-digit serials.");
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Integers computed here and constant text: nothing from outside reaches the statement.
        var mapping = $"""
            CREATE TEMP TABLE case_copy ON COMMIT DROP AS
            SELECT k, c."Id" AS old_id, nextval(pg_get_serial_sequence('"Cases"', 'Id')) AS new_id,
                   c."InstanceId" AS old_instance, gen_random_uuid() AS new_instance, c."Number" AS old_number,
                   left(c."Number", 10) || lpad((k * {stride} + substring(c."Number" from 11)::int)::text, 5, '0') AS new_number
            FROM "Cases" c CROSS JOIN generate_series({first}, {copies - 1}) AS k
            WHERE {Originals};
            CREATE INDEX ON case_copy (old_instance);
            CREATE INDEX ON case_copy (old_id);
            CREATE INDEX ON case_copy (old_number);
            ANALYZE case_copy;
            """;
        await db.Database.ExecuteSqlRawAsync(mapping, ct);
        var added = 0;
        foreach (var (entity, join, overrides) in Tables())
        {
            var rows = await db.Database.ExecuteSqlRawAsync(InsertSelect(db.Model.FindEntityType(entity)!, join, overrides), ct);
            progress?.Report($"{entity.Name}：+{rows:N0}");
            added = entity == typeof(Case) ? rows : added;
        }
        await tx.CommitAsync(ct);
        // Fresh statistics after a bulk load, or the planner guesses.
        await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        return added;
    }

    /// <summary>Each table the loop writes for a case, in foreign-key order: how a row finds its copy, and the columns that change.</summary>
    private static IEnumerable<(Type Entity, string Join, Dictionary<string, string> Overrides)> Tables()
    {
        var byInstance = "JOIN case_copy m ON s.\"InstanceId\" = m.old_instance";
        var byCase = "JOIN case_copy m ON s.\"CaseId\" = m.old_id";
        yield return (typeof(ProcessInstance), "JOIN case_copy m ON s.\"Id\" = m.old_instance",
            new() { ["Id"] = "m.new_instance", ["SubjectId"] = "m.new_number" });
        yield return (typeof(Case), "JOIN case_copy m ON s.\"Id\" = m.old_id", new()
        {
            ["Id"] = "m.new_id", ["Number"] = "m.new_number", ["InstanceId"] = "m.new_instance",
            ["ClientKey"] = $"'{CopyKey}' || m.k::text || ':' || s.\"Id\"::text",
        });
        yield return (typeof(ProcessStep), byInstance, new() { ["InstanceId"] = "m.new_instance" });
        yield return (typeof(ProcessTimer), byInstance, new() { ["InstanceId"] = "m.new_instance" });
        yield return (typeof(WorkTask), byInstance, new() { ["InstanceId"] = "m.new_instance" });
        yield return (typeof(CaseFact), byCase, new() { ["CaseId"] = "m.new_id" });
        yield return (typeof(CasePhoto), byCase, new() { ["CaseId"] = "m.new_id" });
        // The listener's messages link to the case page (CaseGenerator marks them delivered at their own time).
        yield return (typeof(OutboxMessage), "JOIN case_copy m ON s.\"Link\" = '/cases/' || m.old_number", new()
        {
            ["Link"] = "'/cases/' || m.new_number",
            ["Payload"] = "replace(s.\"Payload\", m.old_number, m.new_number)",
        });
    }

    /// <summary>
    /// INSERT … SELECT over every mapped column (the model's, so a column added later is copied too): generated keys are
    /// left to the database, row versions are new, the overrides say the rest.
    /// </summary>
    private static string InsertSelect(IEntityType entity, string join, Dictionary<string, string> overrides)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = new List<string>();
        var values = new List<string>();
        foreach (var property in entity.GetProperties())
        {
            var column = property.GetColumnName(table)!;
            if (property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd && !overrides.ContainsKey(column))
            {
                continue;
            }
            columns.Add($"\"{column}\"");
            values.Add(overrides.TryGetValue(column, out var value) ? value
                : property.Name == nameof(Case.Version) && property.ClrType == typeof(Guid) ? "gen_random_uuid()"
                : $"s.\"{column}\"");
        }
        return $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM \"{table.Name}\" s {join}";
    }
}
