using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Panlong.Data;
using Panlong.Data.Identity;

namespace Panlong.Workflows.Demo;

/// <summary>
/// The demo district on top of the reference data: 1+1+1+N staff, one account per role (README), the registry sample,
/// and with <c>Seed:DemoCases</c> a year of cases. Runs only when asked (<c>Seed:DemoData</c>, by default in
/// Development) or by the <c>generate-registry</c> and <c>generate-cases</c> commands; production start-up never does.
/// </summary>
public sealed class DemoData(IServiceProvider services, RegistryGenerator registry, CaseGenerator cases, CaseReplicator replicator, ILogger<DemoData> logger)
{
    public const string DataKey = "Seed:DemoData";
    public const string CasesKey = "Seed:DemoCases";

    public static bool IsCommand(string command) => command is "generate-registry" or "generate-cases" or "generate-city";

    public static bool IsRequested(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>(DataKey) ?? environment.IsDevelopment();

    /// <summary>Idempotent: what exists is kept; demo cases are made once.</summary>
    public async Task SeedAsync(IConfiguration configuration, CancellationToken ct = default)
    {
        var (staff, accounts) = await SeedPeopleAsync(services, ct);
        await registry.GenerateAsync(RegistryScale.Sample, new LoggedProgress(logger), replace: false, ct: ct);
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        await DemoAccounts.LinkIdentitiesAsync(db, ct);
        await DemoVolunteers.SeedAsync(services, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        await PartyStudyDemo.SeedAsync(services, ct);
        await ActivityDemo.SeedAsync(services, ct);
        await NeedDemo.SeedAsync(services, ct);
        await SupermarketDemo.SeedAsync(services, ct);
        await CameraDemo.SeedAsync(services, ct);
        await KeySiteDemo.SeedAsync(services, ct);
        await DemoServiceOrders.SeedAsync(services, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        await VoiceDemo.SeedAsync(services, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        await WatcherDemo.SeedAsync(services, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        // Before the cases: the demo year's cases follow the inspector who held their grid on the day (ADR 73).
        await RotationDemo.SeedAsync(services, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        await CareDemo.SeedAsync(services, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        // A demo year of cases (with their appraisal facts) for boards, desks and the leaders' dashboard, made once.
        var demoCases = configuration.GetValue(CasesKey, 0);
        if (demoCases > 0 && !await db.Cases.AnyAsync(c => c.IsDemo, ct))
        {
            var closed = (int)(demoCases * ((double)CaseGenerator.ArticleClosed / CaseGenerator.ArticleReceived));
            // Minutes on a small machine the first time: its progress goes to the log, so a first start is not silent (issue 16).
            await cases.GenerateAsync(demoCases, closed, new LoggedProgress(logger), ct);
        }
        // After the cases: the month's checks find problems beside them and their 漏报 feed the appraisal (ADR 79).
        var spotChecks = System.Diagnostics.Stopwatch.StartNew();
        if (await SpotCheckDemo.SeedAsync(services, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct) is { } plan)
        {
            logger.LogInformation("Demo spot checks: plan {Plan} drawn and walked in {Ms} ms", plan, spotChecks.ElapsedMilliseconds);
        }
        logger.LogInformation("Demo data: {Staff} staff and {Accounts} accounts added", staff, accounts);
    }

    /// <summary>Demo staff and accounts only: needs just the database and Identity, so the Data tests seed them too.</summary>
    public static async Task<(int Staff, int Accounts)> SeedPeopleAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        var staff = await DemoStaffSeeder.SeedAsync(db, services.GetRequiredService<Panlong.Data.Registry.PersonalDataProtector>(),
            services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var accounts = await DemoAccounts.SeedAsync(users, db, services.GetRequiredService<TimeProvider>().GetUtcNow());
        return (staff, accounts);
    }

    /// <summary>
    /// <c>generate-registry [district|sample]</c>: the 17 pilot communities at the article's size, or the quick start's sample.
    /// <c>generate-cases [total] [closed]</c>: a year of cases, by default the article's 47,199 received and 45,016 closed.
    /// <c>generate-city [factor] [share]</c>: the district times the factor (10, a city, by default) on PostgreSQL, a share-th of the
    /// year through the loop and copied (docs/decisions/0044-city-scale-data.md).
    /// </summary>
    /// <returns>The sentence that tells what was made.</returns>
    public async Task<string> RunCommandAsync(string[] args, IProgress<string> progress, CancellationToken ct = default)
    {
        if (args[0] == "generate-city")
        {
            return await GenerateCityAsync(args.Length > 1 && int.TryParse(args[1], out var f) ? f : 10, args.Length > 2 && int.TryParse(args[2], out var n) ? n : 1, progress, ct);
        }
        if (args[0] == "generate-registry")
        {
            var scale = args.Length > 1 && args[1] == "sample" ? RegistryScale.Sample : RegistryScale.District;
            var counts = await registry.GenerateAsync(scale, progress, ct: ct);
            return $"完成：{counts.Buildings:N0} 栋建筑物、{counts.Houses:N0} 套房屋、{counts.People:N0} 人、{counts.Entities:N0} 个法人单位，用时 {counts.ElapsedMs / 1000.0:N1} 秒。";
        }
        var total = args.Length > 1 && int.TryParse(args[1], out var t) ? t : CaseGenerator.ArticleReceived;
        var closed = args.Length > 2 && int.TryParse(args[2], out var c) ? c : Math.Min(total, CaseGenerator.ArticleClosed);
        var made = await cases.GenerateAsync(total, closed, progress, ct);
        return $"完成：{made.Cases:N0} 件案件（结案 {made.Closed:N0}，在办 {made.Open:N0}），用时 {made.ElapsedMs / 1000.0:N1} 秒。";
    }

    /// <summary>
    /// People: the generator at <paramref name="factor"/> times the district. Cases: a <paramref name="share"/>th of the
    /// district's year through the real loop (kept when it is there: the whole year takes minutes even on an idle machine),
    /// then copied until every grid holds <paramref name="factor"/> years of its cases.
    /// </summary>
    private async Task<string> GenerateCityAsync(int factor, int share, IProgress<string> progress, CancellationToken ct)
    {
        var people = await registry.GenerateAsync(RegistryScale.District.Times(factor), progress, ct: ct);
        await using (var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct))
        {
            if (!await db.Cases.AnyAsync(c => c.IsDemo, ct))
            {
                await cases.GenerateAsync(Share(CaseGenerator.ArticleReceived), Share(CaseGenerator.ArticleClosed), progress, ct);
            }
        }
        var copies = await replicator.ReplicateAsync(factor * share, progress, ct);
        int Share(int count) => (int)Math.Round((double)count / share);
        return $"完成：{people.People:N0} 人（{people.ElapsedMs / 1000.0:N1} 秒），复制 {copies:N0} 件案件。";
    }

    /// <summary>Each line as it is reported, in order (<see cref="Progress{T}"/> would post it to the thread pool).</summary>
    private sealed class LoggedProgress(ILogger logger) : IProgress<string>
    {
        public void Report(string value) => logger.LogInformation("{Progress}", value);
    }
}
