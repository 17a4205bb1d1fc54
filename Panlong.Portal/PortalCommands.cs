using Microsoft.Extensions.Options;
using Panlong.Data.Providers;
using Panlong.Data.Seeding;
using Panlong.Portal.Features.Audit;
using Panlong.Portal.Features.Identity;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Portal;

/// <summary>
/// Operations that run instead of the web server:
/// <c>migrate</c> applies migrations and reference data; <c>create-admin</c> creates the first administrator;
/// <c>generate-registry</c> and <c>generate-cases</c> make demo data (Panlong.Workflows/Demo); <c>audit verify|archive</c>
/// checks and archives the audit chain (Features/Audit/AuditCommand.cs); <c>backup</c> and <c>restore</c> (Features/Operations/BackupCommand.cs).
/// </summary>
public static class PortalCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && (args[0] is "migrate" or "create-admin" or "audit" || DemoData.IsCommand(args[0]) || Features.Operations.BackupCommand.IsCommand(args[0]));

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        RefuseDemoDataInProduction(app);
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        switch (args[0])
        {
            case "migrate":
                await initializer.MigrateAndSeedAsync(app.SeedWorkflowsAsync);
                Console.WriteLine("数据库已迁移到最新版本。 (Database migrated.)");
                return 0;
            case "create-admin":
                await initializer.EnsureReadyAsync();
                return await AdministratorCommand.RunAsync(app.Services, args[1..]);
            case "audit":
                await initializer.EnsureReadyAsync();
                return await AuditCommand.RunAsync(app.Services, args[1..]);
            case "backup":
                await initializer.EnsureReadyAsync();
                return await Features.Operations.BackupCommand.RunAsync(app.Services, args);
            case "restore":
                // The target may be empty or a database of an older version: the restore checks it itself.
                return await Features.Operations.BackupCommand.RunAsync(app.Services, args);
            case var demo when DemoData.IsCommand(demo):
                await initializer.EnsureReadyAsync();
                Console.WriteLine(await app.Services.GetRequiredService<DemoData>().RunCommandAsync(args, new ConsoleProgress()));
                return 0;
            default:
                return 1;
        }
    }

    /// <summary>
    /// After the Data project's reference data (roles, org tree, categories, catalogue), under the same start-up lock:
    /// process definitions and holidays always, the demo district only when asked.
    /// </summary>
    private static async Task SeedWorkflowsAsync(this WebApplication app, CancellationToken ct)
    {
        await app.Services.GetRequiredService<DefinitionStore>().SeedAsync(ct);
        await app.Services.GetRequiredService<CalendarProvider>().SeedAsync(ct);
        if (DemoData.IsRequested(app.Configuration, app.Environment))
        {
            await app.Services.GetRequiredService<DemoData>().SeedAsync(app.Configuration, ct);
        }
    }

    /// <summary>
    /// The demo district's accounts share one published password (README), so a production database must never get them:
    /// <c>Seed:DemoData=true</c> there stops start-up and every command with one sentence (issue 15).
    /// </summary>
    private static void RefuseDemoDataInProduction(WebApplication app)
    {
        if (app.Environment.IsProduction() && app.Configuration.GetValue(DemoData.DataKey, false))
        {
            throw new StartupConfigurationException(
                $"生产环境不能设置 {DemoData.DataKey}=true：演示账户的密码是公开的。请删除该配置项。 " +
                $"({DemoData.DataKey}=true is refused in Production: the demo accounts' password is public. Remove the setting.)");
        }
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        RefuseDemoDataInProduction(app);
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            await initializer.MigrateAndSeedAsync(app.SeedWorkflowsAsync);
        }
        else
        {
            await initializer.EnsureReadyAsync();
        }
        // The token server's options hold its keys, read from the database: built now, while the database answers, so that a
        // first request during an outage cannot leave the options cache holding the failure (every later request would fail).
        _ = app.Services.GetRequiredService<IOptionsMonitor<OpenIddict.Server.OpenIddictServerOptions>>().CurrentValue;
        await Features.Tokens.PhoneApp.RegisterAsync(app.Services, Features.Tokens.PhoneApp.RedirectUris(app.Configuration, app.Environment),
            keepStored: app.Environment.IsDevelopment());
    }
}

/// <summary>Prints progress as it happens (Progress&lt;T&gt; would post it later, out of order).</summary>
internal sealed class ConsoleProgress : IProgress<string>
{
    public void Report(string value) => Console.WriteLine(value);
}
