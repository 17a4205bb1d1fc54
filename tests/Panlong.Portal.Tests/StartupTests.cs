using System.Diagnostics;

namespace Panlong.Portal.Tests;

/// <summary>The portal as an operator starts it: a real process, real configuration, real exit codes.</summary>
public class StartupTests
{
    [Fact]
    public async Task WrongProvider_StopsStartUpWithOneSentence()
    {
        var (exit, output) = await RunPortalAsync([], ("Database__Provider", "Oracle"));

        Assert.Equal(2, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Database:Provider", line, StringComparison.Ordinal);
        Assert.Contains("Sqlite, Postgres, SqlServer", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableDatabase_StopsStartUpWithOneSentence_NotAStackTrace()
    {
        var (exit, output) = await RunPortalAsync([],
            ("Database__Provider", "Postgres"),
            ("ConnectionStrings__Postgres", "Host=127.0.0.1;Port=1;Timeout=2;Database=panlong;Username=panlong"));

        Assert.Equal(2, exit);
        Assert.Contains("ConnectionStrings:Postgres", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionWithoutAPrivacyKey_RefusesToStart_NamingTheSetting()
    {
        var (exit, output) = await RunPortalAsync(["migrate"], ("Privacy__Key", ""));

        Assert.Equal(2, exit);
        Assert.Contains("Privacy:Key", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("migrate")]
    public async Task ProductionWithDemoData_RefusesToStart_NamingTheSetting(string command)
    {
        // The demo accounts share the README's password: a production database must never get them (issue 15).
        var file = Path.Combine(Path.GetTempPath(), $"panlong-demo-{Guid.NewGuid():N}.db");
        try
        {
            var (exit, output) = await RunPortalAsync(command == "" ? [] : [command], ("ConnectionStrings__Sqlite", $"Data Source={file};Pooling=False"), ("Seed__DemoData", "true"));

            Assert.Equal(2, exit);
            Assert.Contains("Seed:DemoData", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
            Assert.False(File.Exists(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task MigrateCommand_CreatesTheDatabaseAndExitsWithoutServing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"panlong-migrate-{Guid.NewGuid():N}.db");
        try
        {
            var (exit, output) = await RunPortalAsync(["migrate"], ("ConnectionStrings__Sqlite", $"Data Source={file}"));

            Assert.True(exit == 0, output);
            Assert.True(File.Exists(file));
            Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task DatabaseFromBeforeTheMigrationSquash_StopsStartUpWithOneSentence_NotAStackTrace()
    {
        var file = Path.Combine(Path.GetTempPath(), $"panlong-old-{Guid.NewGuid():N}.db");
        var db = ("ConnectionStrings__Sqlite", $"Data Source={file};Pooling=False");
        try
        {
            await RunPortalAsync(["migrate"], db);
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
            {
                connection.Open();
                using var history = connection.CreateCommand();
                history.CommandText = """
                    DELETE FROM "__EFMigrationsHistory";
                    INSERT INTO "__EFMigrationsHistory" VALUES ('20261127102829_Initial', '10.0.0'), ('20261127105939_Workflows', '10.0.0');
                    """;
                history.ExecuteNonQuery();
            }

            var (exit, output) = await RunPortalAsync([], db);

            Assert.Equal(2, exit);
            var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("data/panlong.db", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("Database__MigrateOnStartup", "false", "dotnet Panlong.Portal.dll migrate")] // unmigrated, published install
    [InlineData("Database__MigrateOnStartup", "false", "dotnet run --project Panlong.Portal -- migrate")] // source checkout
    [InlineData("Portal__KnownProxies__0", "nginx.local", "Portal:KnownProxies")]
    [InlineData("Portal__KnownNetworks__0", "10.0.0.0", "Portal:KnownNetworks")]
    [InlineData("Portal__PublicUrl", "", "Portal:PublicUrl")] // documents would print links to whatever Host a client sends
    [InlineData("Portal__PublicUrl", "http://panlong.example", "Portal:PublicUrl")]
    [InlineData("AllowedHosts", "*", "AllowedHosts")]
    public async Task StartUp_OnAnEmptyDatabaseWithAProblem_StopsWithOneSentenceNamingTheFix(string setting, string value, string expected)
    {
        var file = Path.Combine(Path.GetTempPath(), $"panlong-empty-{Guid.NewGuid():N}.db");
        try
        {
            var (exit, output) = await RunPortalAsync([], ("ConnectionStrings__Sqlite", $"Data Source={file};Pooling=False"), (setting, value));

            Assert.Equal(2, exit);
            Assert.Contains(expected, output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Production_SeedsNoAccounts_AndCreateAdminMakesTheFirstOneOnce()
    {
        var file = Path.Combine(Path.GetTempPath(), $"panlong-admin-{Guid.NewGuid():N}.db");
        var db = ("ConnectionStrings__Sqlite", $"Data Source={file};Pooling=False");
        try
        {
            await RunPortalAsync(["migrate"], db);
            var (first, firstOutput) = await RunPortalAsync(["create-admin", "root.security"], db, ("PANLONG_ADMIN_PASSWORD", "Strong#Pass1"));
            var (again, _) = await RunPortalAsync(["create-admin", "root.security"], db, ("PANLONG_ADMIN_PASSWORD", "Strong#Pass1"));
            var (weak, weakOutput) = await RunPortalAsync(["create-admin", "root.audit", "--role", "AuditAdmin"], db, ("PANLONG_ADMIN_PASSWORD", "weakpass"));

            Assert.True(first == 0, firstOutput);
            Assert.Equal(1, again);
            Assert.Equal(1, weak);
            Assert.Contains("三类", weakOutput, StringComparison.Ordinal);
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT group_concat(UserName) FROM AspNetUsers";
            Assert.Equal("root.security", count.ExecuteScalar());
            // Production start-up never runs Panlong.Workflows/Demo: no demo staff, registry sample or cases.
            count.CommandText = "SELECT (SELECT count(*) FROM StaffMembers) + (SELECT count(*) FROM People) + (SELECT count(*) FROM Cases)";
            Assert.Equal(0L, count.ExecuteScalar());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int Exit, string Output)> RunPortalAsync(string[] args, params (string Key, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Panlong.Portal.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Privacy__Key"] = Convert.ToBase64String(new byte[32]);
        start.Environment["Portal__PublicUrl"] = "https://panlong.example";
        start.Environment["AllowedHosts"] = "panlong.example";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Eventually.Limit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
