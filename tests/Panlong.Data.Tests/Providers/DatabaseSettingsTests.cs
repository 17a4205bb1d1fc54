using Microsoft.Extensions.Configuration;
using Panlong.Data.Providers;
using Panlong.Testing;

namespace Panlong.Data.Tests.Providers;

public class DatabaseSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void WrongProvider_IsOneSentenceNamingTheSettingAndTheValidValues()
    {
        var ex = Assert.Throws<StartupConfigurationException>(() =>
            DatabaseSettings.From(Config(("Database:Provider", "Oracle")), Path.GetTempPath()));

        Assert.Contains("Database:Provider", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Oracle", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite, Postgres, SqlServer", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void ServerProviderWithoutConnectionString_NamesTheMissingSetting()
    {
        var ex = Assert.Throws<StartupConfigurationException>(() =>
            DatabaseSettings.From(Config(("Database:Provider", "postgres")), Path.GetTempPath()));

        Assert.Contains("ConnectionStrings:Postgres", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultIsSqlite_InAFileUnderTheContentRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "panlong-root-" + Guid.NewGuid().ToString("N"));

        var settings = DatabaseSettings.From(Config(), root);

        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Contains(Path.Combine(root, "data", "panlong.db"), settings.ConnectionString, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(root, "data")));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task UnreachablePostgres_IsReportedAsOneSentenceNamingTheConnectionString()
    {
        await using var database = TestDatabase.Unmanaged(new DatabaseSettings(DatabaseProvider.Postgres, "Host=127.0.0.1;Port=1;Timeout=2;Database=x;Username=x"));

        var ex = await Assert.ThrowsAsync<StartupConfigurationException>(() => database.Initializer.MigrateAsync());

        Assert.Contains("ConnectionStrings:Postgres", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Database:Provider=Postgres", ex.Message, StringComparison.Ordinal);
    }
}
