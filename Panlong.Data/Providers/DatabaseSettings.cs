using Microsoft.Extensions.Configuration;

namespace Panlong.Data.Providers;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>A configuration mistake that start-up reports as one clear sentence instead of a stack trace.</summary>
public sealed class StartupConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Which database, and how to reach it: <c>Database:Provider</c> and <c>ConnectionStrings:{Provider}</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Database:Provider";
    public const string DefaultSqlite = "Data Source=data/panlong.db";
    public const string StartupLockTimeoutKey = "Database:StartupLockTimeout";

    /// <summary>How long a starting node waits for another node's migrations and seeding (docs/operations.md).</summary>
    public TimeSpan StartupLockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public static string ValidProviders => string.Join(", ", Enum.GetNames<DatabaseProvider>());

    public string ConnectionStringKey => $"ConnectionStrings:{Provider}";

    public static DatabaseSettings From(IConfiguration configuration, string contentRoot)
    {
        var raw = configuration[ProviderKey];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(raw) && !Enum.TryParse(raw.Trim(), ignoreCase: true, out provider))
        {
            throw new StartupConfigurationException(
                $"配置项 {ProviderKey} 的值“{raw}”无效，可选值为 {ValidProviders}。 (Setting {ProviderKey} = '{raw}' is not valid; use one of {ValidProviders}.)");
        }
        var connectionString = configuration.GetConnectionString(provider.ToString());
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                throw new StartupConfigurationException(
                    $"{ProviderKey} 为 {provider}，但未设置连接字符串 ConnectionStrings:{provider}。 ({ProviderKey} is {provider} but ConnectionStrings:{provider} is empty.)");
            }
            connectionString = DefaultSqlite;
        }
        if (provider == DatabaseProvider.Sqlite)
        {
            connectionString = SqliteFileUnder(contentRoot, connectionString);
        }
        var settings = new DatabaseSettings(provider, connectionString);
        return configuration.GetValue<TimeSpan?>(StartupLockTimeoutKey) is { } timeout ? settings with { StartupLockTimeout = timeout } : settings;
    }

    /// <summary>A relative SQLite file lives under the content root; its folder is created on first run.</summary>
    private static string SqliteFileUnder(string contentRoot, string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            var full = Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(contentRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            builder.DataSource = full;
        }
        return builder.ToString();
    }
}
