using Microsoft.EntityFrameworkCore;

namespace Panlong.Data.Providers;

/// <summary>
/// Takes the write lock on one row inside the caller's transaction, so callers that count and then change (a balance, the
/// seats left) go one at a time: PostgreSQL <c>SELECT … FOR UPDATE</c>, SQL Server <c>UPDLOCK, HOLDLOCK</c>; SQLite needs
/// nothing more, its transaction already holds the database's write lock (BEGIN IMMEDIATE). See
/// docs/decisions/0052-volunteers-and-points-ledger.md ("Locking").
/// </summary>
public static class RowLock
{
    public static async Task LockRowAsync<TEntity>(this DbContext db, long id, CancellationToken ct = default) where TEntity : class
    {
        // The table's name comes from the model, never from input.
        var table = db.Model.FindEntityType(typeof(TEntity))?.GetTableName()
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped to a table.");
        var sql = db.Database.IsNpgsql() ? "SELECT \"Id\" FROM \"" + table + "\" WHERE \"Id\" = {0} FOR UPDATE"
            : db.Database.IsSqlServer() ? "SELECT Id FROM [" + table + "] WITH (UPDLOCK, HOLDLOCK) WHERE Id = {0}"
            : null;
        if (sql is not null)
        {
            await db.Database.ExecuteSqlRawAsync(sql, [id], ct);
        }
    }
}
