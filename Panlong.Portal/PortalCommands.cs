using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Seeding;
using Panlong.Portal.Features.Identity;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Portal;

/// <summary>
/// Operations that run instead of the web server:
/// <c>migrate</c> applies migrations and reference data; <c>create-admin</c> creates the first administrator.
/// </summary>
public static class PortalCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "migrate" or "create-admin" or "generate-registry" or "generate-cases";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        switch (args[0])
        {
            case "migrate":
                await initializer.MigrateAsync();
                await app.SeedAsync();
                Console.WriteLine("数据库已迁移到最新版本。 (Database migrated.)");
                return 0;
            case "generate-registry":
                // 17 pilot communities at the article's size, or the quick start's sample: `generate-registry [district|sample]`.
                await initializer.EnsureReadyAsync();
                var scale = args.Length > 1 && args[1] == "sample" ? RegistryScale.Sample : RegistryScale.District;
                var counts = await app.Services.GetRequiredService<RegistryGenerator>()
                    .GenerateAsync(scale, new ConsoleProgress());
                Console.WriteLine($"完成：{counts.Buildings:N0} 栋建筑物、{counts.Houses:N0} 套房屋、{counts.People:N0} 人、{counts.Entities:N0} 个法人单位，用时 {counts.ElapsedMs / 1000.0:N1} 秒。");
                return 0;
            case "generate-cases":
                // A year of cases: `generate-cases [total] [closed]`, by default the article's 47,199 received and 45,016 closed.
                await initializer.EnsureReadyAsync();
                var total = args.Length > 1 && int.TryParse(args[1], out var t) ? t : Workflows.Cases.CaseGenerator.ArticleReceived;
                var closed = args.Length > 2 && int.TryParse(args[2], out var c) ? c : Math.Min(total, Workflows.Cases.CaseGenerator.ArticleClosed);
                var made = await app.Services.GetRequiredService<Workflows.Cases.CaseGenerator>().GenerateAsync(total, closed, new ConsoleProgress());
                Console.WriteLine($"完成：{made.Cases:N0} 件案件（结案 {made.Closed:N0}，在办 {made.Open:N0}），用时 {made.ElapsedMs / 1000.0:N1} 秒。");
                return 0;
            case "create-admin":
                await initializer.EnsureReadyAsync();
                return await AdministratorCommand.RunAsync(app.Services, args[1..]);
            default:
                return 1;
        }
    }

    /// <summary>Demo people and accounts exist only in Development or when <c>Seed:DemoData</c> is true.</summary>
    public static bool IsDemo(WebApplication app) =>
        app.Configuration.GetValue<bool?>("Seed:DemoData") ?? app.Environment.IsDevelopment();

    /// <summary>Reference data (roles, org tree, process definitions, holidays) always; demo people and accounts in demo mode.</summary>
    private static async Task SeedAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<DatabaseInitializer>().SeedAsync(IsDemo(app));
        await app.Services.GetRequiredService<DefinitionStore>().SeedAsync();
        await app.Services.GetRequiredService<CalendarProvider>().SeedAsync();
        if (IsDemo(app))
        {
            await app.Services.GetRequiredService<RegistryGenerator>().GenerateAsync(RegistryScale.Sample, replace: false);
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
            await DemoAccounts.LinkIdentitiesAsync(db);
            // A demo year of cases (with their appraisal facts) for boards, desks and the leaders' dashboard, made once.
            var demoCases = app.Configuration.GetValue("Seed:DemoCases", 0);
            if (demoCases > 0 && !await db.Cases.AnyAsync(c => c.IsDemo))
            {
                var closed = (int)(demoCases * ((double)Workflows.Cases.CaseGenerator.ArticleClosed / Workflows.Cases.CaseGenerator.ArticleReceived));
                await app.Services.GetRequiredService<Workflows.Cases.CaseGenerator>().GenerateAsync(demoCases, closed);
            }
        }
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            await initializer.MigrateAsync();
            await app.SeedAsync();
        }
        else
        {
            await initializer.EnsureReadyAsync();
        }
    }
}

/// <summary>Prints progress as it happens (Progress&lt;T&gt; would post it later, out of order).</summary>
internal sealed class ConsoleProgress : IProgress<string>
{
    public void Report(string value) => Console.WriteLine(value);
}
