using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Panlong.Data.Providers;

/// <summary>
/// The one place that tells "the database cannot be reached right now" from a bug: pages answer 503, forms keep
/// what was typed, sign-in says so (docs/decisions/0019-database-outages.md).
/// </summary>
public static class DatabaseOutage
{
    private const int SqliteCannotOpen = 14;

    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable))
            {
                return true;
            }
            if (IsUnavailableItself(e))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsUnavailableItself(Exception e) => e switch
    {
        RetryLimitExceededException => true,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SqlException sql => sql.IsTransient || sql.Number is -2 or 53 or 2 or 4060,
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteRetryingExecutionStrategy.Busy or SqliteRetryingExecutionStrategy.Locked or SqliteCannotOpen,
        SocketException or TimeoutException => true,
        _ => false,
    };
}

/// <summary>Errors of the data itself that a command turns into one sentence instead of a stack trace.</summary>
public static class DatabaseErrors
{
    /// <summary>A delete or update refused because other rows still refer to the row (a foreign key), on any provider.</summary>
    public static bool IsReferenceViolation(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // SQLite reports a constraint (19) without its extended code unless asked: the sentence names the kind.
            if (e is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } or SqlException { Number: 547 }
                || (e is SqliteException { SqliteErrorCode: 19 } sqlite && sqlite.Message.Contains("FOREIGN KEY", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }
}
