using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Panlong.Data;
using Panlong.Data.Providers;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// /health/ready names the database and its provider when it cannot be reached. One plain connection, no retries:
/// a load balancer must see an outage at once (docs/decisions/0019-database-outages.md).
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<PanlongDbContext> dbFactory, DatabaseSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"数据库可用 ({settings.Provider})");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"数据库不可用 ({settings.Provider})", ex);
        }
    }
}
