using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace Panlong.Data.Providers;

/// <summary>
/// SQLite has no retrying strategy of its own; a file busy or locked by another writer (SQLITE_BUSY 5,
/// SQLITE_LOCKED 6) is worth another try, like a PostgreSQL connection failure (docs/decisions/0019-database-outages.md).
/// </summary>
public sealed class SqliteRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount, TimeSpan maxRetryDelay)
    : ExecutionStrategy(dependencies, maxRetryCount, maxRetryDelay)
{
    public const int Busy = 5;
    public const int Locked = 6;

    protected override bool ShouldRetryOn(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: Busy or Locked };
}
