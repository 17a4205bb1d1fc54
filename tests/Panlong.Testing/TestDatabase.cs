using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Seeding;
using Panlong.Workflows.Demo;

namespace Panlong.Testing;

/// <summary>A real, throwaway database: a SQLite file, or a fresh database on the live PostgreSQL the test script starts.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PANLONG_TEST_POSTGRES";

    /// <summary>
    /// The personal-data key of every test database that does not register its own: one per test process, so that databases
    /// copied from a template (<see cref="BuiltAsync"/>) can read the staff phones the template's seeding encrypted.
    /// </summary>
    public static readonly Panlong.Data.Registry.PersonalDataProtector SharedProtector = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private readonly ServiceProvider _services;
    private readonly Func<Task> _drop;
    private readonly bool _configured;

    private TestDatabase(DatabaseSettings settings, Func<Task> drop, Action<IServiceCollection>? configure)
    {
        Settings = settings;
        _drop = drop;
        _configured = configure is not null;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPanlongDbContext(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddIdentityCore<PanlongUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<PanlongDbContext>();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = TestPasswords.Iterations);
        services.AddSingleton<DatabaseInitializer>();
        // Start-up's seeding encrypts staff phones; a test that needs a known key registers its own after this one.
        services.AddSingleton(SharedProtector);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public DatabaseSettings Settings { get; }
    public IServiceProvider Services => _services;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();
    public IDbContextFactory<PanlongDbContext> Factory => _services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();
    public DatabaseInitializer Initializer => _services.GetRequiredService<DatabaseInitializer>();

    /// <param name="pooled">Keep connections open between uses, as the portal does (a benchmark); tests open each afresh.</param>
    public static TestDatabase Sqlite(Action<IServiceCollection>? configure = null, bool pooled = false)
    {
        var file = Path.Combine(Path.GetTempPath(), $"panlong-test-{Guid.NewGuid():N}.db");
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file};Pooling={pooled}"), () =>
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
            File.Delete(file + ".lock"); // the start-up lock's file (docs/decisions/0018-start-up-lock.md)
            return Task.CompletedTask;
        }, configure);
    }

    /// <summary>The live PostgreSQL 15 cluster; the README's test command starts it and sets <see cref="PostgresVariable"/>.</summary>
    public static TestDatabase Postgres(Action<IServiceCollection>? configure = null)
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL 15.");
        }
        var name = $"panlong_test_{Guid.NewGuid():N}";
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.Postgres, connection), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await DatabaseTemplates.DropPostgresAsync(new NpgsqlConnectionStringBuilder(server), name);
        }, configure);
    }

    /// <summary>Settings used as given, nothing created or dropped (e.g. a server that does not answer).</summary>
    public static TestDatabase Unmanaged(DatabaseSettings settings, Action<IServiceCollection>? configure = null) => new(settings, () => Task.CompletedTask, configure);

    /// <param name="pooled">SQLite only (Npgsql always pools): see <see cref="Sqlite"/>.</param>
    public static TestDatabase For(DatabaseProvider provider, Action<IServiceCollection>? configure = null, bool pooled = false) => provider switch
    {
        DatabaseProvider.Sqlite => Sqlite(configure, pooled),
        DatabaseProvider.Postgres => Postgres(configure),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>
    /// Migrated, and with <paramref name="seed"/> seeded. A database with no services of its own is copied from a template
    /// (<see cref="BuiltAsync"/>); one whose services may change what seeding writes (an interceptor, a key…) is built here.
    /// </summary>
    public async Task<TestDatabase> MigratedAsync(bool seed = false, bool demo = false)
    {
        async Task Build(TestDatabase database)
        {
            await database.Initializer.MigrateAsync();
            if (seed)
            {
                await database.SeedAsync(demo);
            }
        }
        if (_configured)
        {
            await Build(this);
            return this;
        }
        return await BuiltAsync($"migrated seed={seed} demo={demo}", Build);
    }

    /// <summary>
    /// The database as <paramref name="build"/> leaves it. The first test of the process that asks for <paramref name="name"/>
    /// builds it and keeps a copy; later ones get the copy (docs/decisions/0086-test-database-templates.md). The name must say
    /// everything the build depends on beyond the provider, the clock's time and the personal-data key, which are added here;
    /// a database with its own key is always built.
    /// </summary>
    public async Task<TestDatabase> BuiltAsync(string name, Func<TestDatabase, Task> build)
    {
        if (!ReferenceEquals(Get<Panlong.Data.Registry.PersonalDataProtector>(), SharedProtector))
        {
            await build(this);
            return this;
        }
        var clock = Get<TimeProvider>();
        // The system clock's seeding differs only by the day (demo plans are drawn for today); a test clock's by its instant.
        var when = ReferenceEquals(clock, TimeProvider.System)
            ? $"system {ChinaTime.Today(clock):yyyy-MM-dd}"
            : "at " + clock.GetUtcNow().UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await DatabaseTemplates.ApplyAsync(this, $"{Settings.Provider} {name} {when}", build);
        return this;
    }

    /// <summary>Reference data, and with <paramref name="demo"/> the demo staff and accounts (not the registry sample or cases).</summary>
    public async Task SeedAsync(bool demo)
    {
        await Initializer.SeedAsync();
        if (demo)
        {
            await DemoData.SeedPeopleAsync(Services);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _drop();
    }
}
