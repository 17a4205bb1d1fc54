using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Panlong.Data.Identity;
using Panlong.Data.Providers;

namespace Panlong.Data.Seeding;

/// <summary>Migrates and seeds reference data (roles, the org tree, categories, the service catalogue); demo data is seeded by Panlong.Workflows/Demo.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<PanlongDbContext> dbFactory,
    IServiceScopeFactory scopes,
    DatabaseSettings settings,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    private static readonly TimeSpan NoticeWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Start-up's database work under one database-wide lock (docs/decisions/0018-start-up-lock.md): migrations, the
    /// reference data and <paramref name="seedMore"/> (what other projects seed), so that nodes starting together
    /// take turns and the later ones find everything done.
    /// </summary>
    public async Task MigrateAndSeedAsync(Func<CancellationToken, Task>? seedMore = null, CancellationToken ct = default)
    {
        await using var held = await AcquireLockAsync(ct);
        await MigrateAsync(ct);
        await SeedAsync(ct);
        if (seedMore is not null)
        {
            await seedMore(ct);
        }
    }

    private async Task<StartupLock> AcquireLockAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await CreateDatabaseIfMissingAsync(ct);
            var acquire = StartupLock.AcquireAsync(settings, ct);
            if (await Task.WhenAny(acquire, Task.Delay(NoticeWait, ct)) == acquire)
            {
                return await acquire;
            }
            // Only a wait is worth a line: a lone node's start-up log stays as it was.
            logger.LogInformation("Another node holds the start-up lock on {Provider}; waiting up to {Timeout}", settings.Provider, settings.StartupLockTimeout);
            var held = await acquire;
            logger.LogInformation("Start-up lock taken after {ElapsedMs} ms", watch.ElapsedMilliseconds);
            return held;
        }
        catch (Exception ex) when (CannotReach(ex))
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>
    /// A server database must exist before its lock can be taken (the migrations used to create it). Nodes starting
    /// together may both try; the loser finds it made.
    /// </summary>
    private async Task CreateDatabaseIfMissingAsync(CancellationToken ct)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct))
        {
            return;
        }
        try
        {
            await creator.CreateAsync(ct);
        }
        catch (DbException)
        {
            if (!await creator.ExistsAsync(ct))
            {
                throw;
            }
        }
    }

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            await RefuseUnknownHistoryAsync(db, ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migrations on {Provider}: {Migrations}", pending.Count, settings.Provider, pending);
                await db.Database.MigrateAsync(ct);
            }
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                // Readers do not wait for the writer; the setting is stored in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
        }
        catch (Exception ex) when (CannotReach(ex))
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>For start-up without migrating: the database must answer and be up to date.</summary>
    public async Task EnsureReadyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        List<string> pending;
        try
        {
            await RefuseUnknownHistoryAsync(db, ct);
            pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        }
        catch (Exception ex) when (CannotReach(ex))
        {
            throw Unreachable(ex);
        }
        if (pending.Count > 0)
        {
            throw new StartupConfigurationException(
                $"数据库缺少 {pending.Count} 个迁移，请先运行 `dotnet Panlong.Portal.dll migrate`（源码目录中为 `dotnet run --project Panlong.Portal -- migrate`）。 " +
                $"(The database lacks {pending.Count} migrations; run `dotnet Panlong.Portal.dll migrate` in the install folder, or `dotnet run --project Panlong.Portal -- migrate` in a source checkout.)");
        }
    }

    public async Task SeedAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await OrgSeeder.SeedAsync(db, ct);
        await Cases.CaseCategorySeed.SeedAsync(db, ct);
        await Services.ServiceCatalogSeed.SeedAsync(db, clock.GetUtcNow(), ct);
        await Audit.AuditChain.LinkEarlierRowsAsync(db, ct);
        await Organization.StaffPhones.ProtectStoredAsync(db, scope.ServiceProvider.GetRequiredService<Registry.PersonalDataProtector>(), ct);
        logger.LogInformation("Seeding added {Units} org units in {ElapsedMs} ms", units, watch.ElapsedMilliseconds);
    }

    /// <summary>
    /// The migrations were squashed into one initial migration before the first release (docs/operations.md): a database
    /// made with the earlier history cannot be upgraded, and migrating it would fail on tables that already exist.
    /// </summary>
    private static async Task RefuseUnknownHistoryAsync(PanlongDbContext db, CancellationToken ct)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new StartupConfigurationException(
                $"数据库的迁移历史（{unknown[0]} 等 {unknown.Count} 个）来自迁移合并之前的版本，无法升级，请删除开发数据库（data/panlong.db）后重新启动，或从备份恢复。 " +
                $"(The database was made by an older migration history ({unknown.Count} unknown migrations, e.g. {unknown[0]}); delete the development database data/panlong.db and start again, or restore a backup.)");
        }
    }

    /// <summary>A failure to reach the server, also after the provider's retries gave up (RetryLimitExceededException).</summary>
    private static bool CannotReach(Exception ex) => ex is not StartupConfigurationException
        && (ex is DbException or InvalidOperationException or TimeoutException || DatabaseOutage.IsUnavailable(ex));

    private StartupConfigurationException Unreachable(Exception ex) => new(
        $"无法连接 {DatabaseSettings.ProviderKey}={settings.Provider} 指定的数据库，请检查 {settings.ConnectionStringKey}：{ex.GetBaseException().Message} " +
        $"(Cannot reach the {settings.Provider} database named by {settings.ConnectionStringKey}.)", ex);
}
