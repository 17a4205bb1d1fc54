using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Panlong.Data.Providers;
using Panlong.Testing;

namespace Panlong.Data.Tests.Migrations;

public class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrations_ApplyOnALiveDatabase_AndLeaveNothingPending(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.For(provider).MigratedAsync();
        await using var db = await database.Factory.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.OrgUnits.CountAsync());
    }

    [Fact]
    public async Task DatabaseMigratedBeforeTheSquash_IsRefusedWithOneSentenceTellingToDeleteIt()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync();
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            // A developer database from before the squash: its tables exist, its history names the old migrations.
            await db.Database.ExecuteSqlRawAsync("""
                DELETE FROM "__EFMigrationsHistory";
                INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
                VALUES ('20261127102829_Initial', '10.0.0'), ('20261127200035_AppraisalFactScan', '10.0.0');
                """);
        }

        var migrate = await Assert.ThrowsAsync<StartupConfigurationException>(() => database.Initializer.MigrateAsync());
        var ready = await Assert.ThrowsAsync<StartupConfigurationException>(() => database.Initializer.EnsureReadyAsync());

        Assert.Equal(migrate.Message, ready.Message);
        Assert.Contains("请删除开发数据库（data/panlong.db）", migrate.Message, StringComparison.Ordinal);
        Assert.Contains("20261127102829_Initial", migrate.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', migrate.Message);
    }

    public static TheoryData<string> DesignTimeFactories => new()
    {
        nameof(SqliteDesignTimeFactory),
        nameof(PostgresDesignTimeFactory),
        nameof(SqlServerDesignTimeFactory),
    };

    [Theory]
    [MemberData(nameof(DesignTimeFactories))]
    public void Model_HasNoChangesMissingFromTheProvidersMigrations(string factoryName)
    {
        using var db = CreateDesignTime(factoryName);

        // Fails when the model changed and `dotnet ef migrations add` was not run for this provider.
        Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes without a migration.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void SqlServerScript_GeneratesWithoutAServer()
    {
        using var db = CreateDesignTime(nameof(SqlServerDesignTimeFactory));

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [OrgUnits]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AuditEntries]", script, StringComparison.Ordinal);
    }

    private static DbContext CreateDesignTime(string factoryName)
    {
        var type = typeof(PanlongDbContext).Assembly.GetTypes().Single(t => t.Name == factoryName);
        var factory = Activator.CreateInstance(type)!;
        var create = type.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>))
            .GetMethod(nameof(IDesignTimeDbContextFactory<DbContext>.CreateDbContext))!;
        return (DbContext)create.Invoke(factory, [Array.Empty<string>()])!;
    }
}
