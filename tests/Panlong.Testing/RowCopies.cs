using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Panlong.Testing;

/// <summary>
/// Many rows for a scale test in one SQLite statement: copies of one row the test added through its entity (so every column
/// holds what the model gives it), with the columns a test tells apart made from the copy's number <c>n.i</c> (1 to count).
/// Ten thousand tracked entities cost a test 10–20 CPU-seconds of change tracking and single-row INSERTs on the loaded
/// test machine; the copies are the same rows to the queries under test (docs/benchmarks.md, "Test command, round 11 (helper)" and "round 12").
/// </summary>
public static class RowCopies
{
    /// <param name="made">Property name → SQL expression over <c>n.i</c> (e.g. <c>'AJ-' || n.i</c>); other columns are copied.</param>
    /// <returns>The rows inserted (equal to <paramref name="count"/>).</returns>
    public static Task<int> InsertAsync<T>(DbContext db, T template, int count, IReadOnlyDictionary<string, string> made) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(IReadOnlyProperty property) => property.GetColumnName(table)!;
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var expressions = made.ToDictionary(m => Column(entity.FindProperty(m.Key)!), m => m.Value);
        var columns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).Select(Column).ToList();
        var sql = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO "{table.Name}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})
            SELECT {string.Join(", ", columns.Select(c => expressions.TryGetValue(c, out var value) ? value : $"p.\"{c}\""))}
            FROM n, "{table.Name}" AS p WHERE p."{Column(key)}" = {key.GetGetter().GetClrValue(template)}
            """;
        return db.Database.ExecuteSqlRawAsync(sql);
    }
}
