using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Maps;
using Panlong.Portal.Features.Registry;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Benchmarks;

/// <summary>
/// The desk, the board, people search, the map's layers and the appraisal figures on a PostgreSQL database made by
/// <c>generate-city</c> (tools/measure-city.sh; docs/decisions/0044-city-scale-data.md): the same reads as
/// <see cref="CaseDeskBenchmarks"/>, <see cref="RegistrySearchBenchmarks"/> and <see cref="AppraisalBenchmarks"/>, timed with a
/// stopwatch (one warm-up, then the median of five runs or of those that fit in ten seconds) because the database is made once by the script, not per benchmark.
/// </summary>
public static class CityMeasurement
{
    private static readonly WorkflowActor DistrictDispatcher = CaseDeskBenchmarks.DistrictDispatcher;
    private static readonly WorkflowActor StreetDispatcher = CaseDeskBenchmarks.StreetDispatcher;
    private static readonly WorkflowActor Leader = CaseDeskBenchmarks.Leader;

    /// <param name="database">The PostgreSQL database on the server of <c>PANLONG_TEST_POSTGRES</c>.</param>
    /// <param name="privacyKey">The Base64 key the generator encrypted and hashed with (<c>Privacy:Key</c>).</param>
    /// <param name="only">When given, only the reads whose name starts with it (e.g. "appraisal").</param>
    public static async Task<int> RunAsync(string database, string privacyKey, string? only = null)
    {
        _only = only;
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)) { Database = database }.ConnectionString;
        var protector = new PersonalDataProtector(Convert.FromBase64String(privacyKey));
        await using var data = TestDatabase.Unmanaged(new DatabaseSettings(DatabaseProvider.Postgres, connection), services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddPanlongWorkflows();
            services.AddSingleton(protector);
            services.AddSingleton<AuditLog>();
            services.AddSingleton<PeopleQueries>();
            services.AddSingleton<PlaceQueries>();
            services.AddSingleton<MapQueries>();
            // The stored appraisal logs where a running year's time went (read, parse, the running rest, the figures).
            services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
        });
        var cases = new CaseQueries(data.Factory, data.Get<DefinitionStore>(), data.Get<CalendarProvider>(), TimeProvider.System);
        var people = data.Get<PeopleQueries>();
        var places = data.Get<PlaceQueries>();
        var map = data.Get<MapQueries>();
        var appraisal = data.Get<AppraisalCalculator>();
        var store = data.Get<IndicatorStore>();

        int category;
        string id, phone, street, community;
        await using (var db = await data.Factory.CreateDbContextAsync())
        {
            Console.WriteLine($"// {database}: {await db.People.CountAsync():N0} people, {await db.Houses.CountAsync():N0} houses, {await db.Buildings.CountAsync():N0} buildings, " +
                $"{await db.Cases.CountAsync():N0} cases ({await db.Cases.CountAsync(c => c.Status == CaseStatus.Open):N0} open), {await db.CaseFacts.CountAsync():N0} facts, " +
                $"{await db.ProcessSteps.CountAsync():N0} steps, {await db.WorkTasks.CountAsync():N0} tasks, {await db.OutboxMessages.CountAsync():N0} outbox messages");
            category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
            var sample = await db.People.OrderBy(p => p.Id).Skip(66_000).FirstAsync(p => p.PhoneCipher != null);
            (id, phone) = (protector.Decrypt(sample.IdCipher), protector.Decrypt(sample.PhoneCipher!));
            street = "/530103/530103001/";
            community = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Community && u.ScopePath.StartsWith(street)).OrderBy(u => u.Code).Select(u => u.ScopePath).FirstAsync();
        }
        var leader = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Role, Roles.Leader), new Claim(DataScope.ScopeClaim, "/530103/")], "bench"));
        var scope = new DataScope("/530103/");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var year = new AppraisalPeriod(new DateOnly(today.Year, today.Month, 1).AddMonths(-12), new DateOnly(today.Year, today.Month, 1));
        var month = AppraisalPeriods.Of(Data.Appraisal.AppraisalPeriodKind.Month, today.AddMonths(-1));

        Console.WriteLine(string.Join('\n', "| read | median ms | min–max ms | rows / total | load average |", "|---|---|---|---|---|"));
        await TimeAsync("desk: district dispatcher, my work, first page", async () => Shown(await cases.ListAsync(DistrictDispatcher, new CaseFilter(), 0, 20)));
        await TimeAsync("desk: district area, category + overdue filter", async () =>
            Shown(await cases.ListAsync(DistrictDispatcher, new CaseFilter(CaseListKind.Area, CategoryId: category, OverdueOnly: true), 0, 20)));
        await TimeAsync("desk: district area, all, first page (count of all)", async () => Shown(await cases.ListAsync(Leader, new CaseFilter(CaseListKind.Area), 0, 20)));
        await TimeAsync("desk: district area, closed cases, page 50", async () => Shown(await cases.ListAsync(Leader, new CaseFilter(CaseListKind.Area, Status: CaseStatus.Closed), 50, 20)));
        await TimeAsync("desk: district area, number prefix search", async () => Shown(await cases.ListAsync(Leader, new CaseFilter(CaseListKind.Area, Text: "AJ2026"), 0, 20)));
        await TimeAsync("desk: street dispatcher, my work, first page", async () => Shown(await cases.ListAsync(StreetDispatcher, new CaseFilter(), 0, 20)));
        await TimeAsync("board: district leader", async () =>
        {
            var board = await cases.BoardAsync(Leader);
            return $"{board.ReceivedThisYear:N0} received, {board.Green + board.Yellow + board.Red:N0} lights";
        });
        // The board's lights alone, counted in bands (docs/decisions/0050-city-scale-counts.md) and, in the same run, coloured
        // one by one as before: the ratio of the two does not depend on the machine's load.
        var calendar = await data.Get<CalendarProvider>().GetAsync();
        await TimeAsync("board: lights counted in bands", async () =>
        {
            await using var db = await data.Factory.CreateDbContextAsync();
            var lights = await BoardLights.CountAsync(CaseQueries.Area(db, Leader).Where(c => c.Status == CaseStatus.Open), calendar, DateTimeOffset.UtcNow);
            return $"{lights.Green:N0} green, {lights.Yellow:N0} yellow, {lights.Red:N0} red; {lights.Read:N0} rows read";
        });
        await TimeAsync("board: lights coloured one by one (before)", async () =>
        {
            await using var db = await data.Factory.CreateDbContextAsync();
            var now = DateTimeOffset.UtcNow;
            var rows = await CaseQueries.Area(db, Leader).Where(c => c.Status == CaseStatus.Open && c.StepDueAt != null)
                .Select(c => new { c.StepStartedAt, c.StepDueAt }).ToListAsync();
            var lights = rows.Select(r => TrafficLights.For(calendar, r.StepStartedAt, r.StepDueAt!.Value, now)).ToList();
            return $"{lights.Count(l => l == TrafficLight.Green):N0} green, {lights.Count(l => l == TrafficLight.Yellow):N0} yellow, " +
                $"{lights.Count(l => l == TrafficLight.Red):N0} red; {rows.Count:N0} rows read";
        });
        await TimeAsync("desk: district area, all, exact count (the export's)", async () => $"{await cases.CountAsync(Leader, new CaseFilter(CaseListKind.Area)):N0}");
        await TimeAsync("people: first page, no filter", async () => Shown(await people.SearchAsync(leader, null)));
        await TimeAsync("people: first page, name prefix 王", async () => Shown(await people.SearchAsync(leader, "王")));
        await TimeAsync("people: exact ID number (keyed hash)", async () => Shown(await people.SearchAsync(leader, id)));
        await TimeAsync("people: exact phone (keyed hash)", async () => Shown(await people.SearchAsync(leader, phone)));
        await TimeAsync("houses: address contains (盘龙, first page)", async () => Shown(await places.HousesAsync(leader, "1号")));
        await TimeAsync("buildings: address contains (first page)", async () => Shown(await places.BuildingsAsync(leader, "1号")));
        await TimeAsync("map: grids with population", async () => $"{(await map.RegionsAsync(scope, OrgUnitKind.Grid)).Length:N0} chars");
        await TimeAsync("map: communities with population", async () => $"{(await map.RegionsAsync(scope, OrgUnitKind.Community)).Length:N0} chars");
        await TimeAsync("map: streets with population", async () => $"{(await map.RegionsAsync(scope, OrgUnitKind.Street)).Length:N0} chars");
        await TimeAsync("map: buildings", async () => $"{(await map.BuildingsAsync(scope)).Length:N0} chars");
        await TimeAsync("map: open cases (lights)", async () => $"{(await cases.MapPointsAsync(Leader)).Count:N0} points");
        await TimeAsync("appraisal: district, 12 months", async () => Received(await appraisal.ComputeAsync(AppraisalConfig.Default, year, "/530103/")));
        await TimeAsync("appraisal: district, last month", async () => Received(await appraisal.ComputeAsync(AppraisalConfig.Default, month, "/530103/")));
        await TimeAsync("appraisal: one street, 12 months", async () => Received(await appraisal.ComputeAsync(AppraisalConfig.Default, year, street)));
        await TimeAsync("appraisal: one street, last month", async () => Received(await appraisal.ComputeAsync(AppraisalConfig.Default, month, street)));
        await TimeAsync("appraisal: one community, 12 months", async () => Received(await appraisal.ComputeAsync(AppraisalConfig.Default, year, community)));
        // What the dashboard does (docs/decisions/0048-running-year-from-stored-months.md, 0059-compact-month-counts.md): the running
        // year and quarter from the stored closed months and the running rest counted live (the first run counts and stores the
        // months); a closed month from its stored row; the running rest alone.
        var runningYear = AppraisalPeriods.Of(Data.Appraisal.AppraisalPeriodKind.Year, today);
        var runningQuarter = AppraisalPeriods.Of(Data.Appraisal.AppraisalPeriodKind.Quarter, today);
        await TimeAsync("appraisal stored: district, running year", async () => Received(await store.ComputeAsync(AppraisalConfig.Default, null, runningYear, "/530103/")));
        await TimeAsync("appraisal stored: district, running quarter", async () => Received(await store.ComputeAsync(AppraisalConfig.Default, null, runningQuarter, "/530103/")));
        await TimeAsync("appraisal stored: district, last month (closed)", async () => Received(await store.ComputeAsync(AppraisalConfig.Default, null, month, "/530103/")));
        var rest = new AppraisalPeriod(new DateOnly(today.Year, today.Month, 1), runningYear.To);
        await TimeAsync("appraisal stored: district, the running rest counted live", async () =>
            $"{(await appraisal.CountAsync(rest, DateTimeOffset.UtcNow, "/530103/")).Grids.Sum(g => g.Kind == CaseFactKind.Reported ? g.N : 0):N0} received");
        await TimeAsync("appraisal stored: one street, running year", async () => Received(await store.ComputeAsync(AppraisalConfig.Default, null, runningYear, street)));
        return 0;
    }

    private static string Shown(CasePage page) => $"{page.Rows.Count} / {page.Total:N0}{(page.Capped ? "+" : "")}";

    private static string Shown(PeopleResult result) => $"{result.Items.Count} / {result.Total:N0}{(result.Capped ? "+" : "")}";

    private static string Shown<T>(PlacePage<T> page) => $"{page.Items.Count} / {page.Total:N0}";

    private static string Received(AppraisalResult result) => $"{result.Summary.Received:N0} received, {result.Departments.Count} departments";

    private static string? _only;

    private static async Task TimeAsync(string name, Func<Task<string>> read)
    {
        if (_only is not null && !name.StartsWith(_only, StringComparison.Ordinal))
        {
            return;
        }
        var shown = await read();
        var times = new List<double>();
        // This process's CPU time and allocations per run: what the machine's load does not change (the database's share is not in them).
        var (cpu, allocated) = (new List<double>(), new List<double>());
        // Five runs, or as many as fit in ten seconds (the city's appraisal takes tens of seconds a run).
        for (var run = 0; run < 5 && (run == 0 || times.Sum() < 10_000); run++)
        {
            var (cpuBefore, allocatedBefore) = (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes());
            var watch = Stopwatch.StartNew();
            await read();
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
            allocated.Add((GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0);
        }
        times.Sort();
        cpu.Sort();
        allocated.Sort();
        shown += string.Create(CultureInfo.InvariantCulture, $"; client CPU {cpu[cpu.Count / 2]:N0} ms, {allocated[allocated.Count / 2]:N1} MB allocated");
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {times[times.Count / 2]:N1} | {times[0]:N1}–{times[^1]:N1} ({times.Count} runs) | {shown} | {load} |"));
    }
}
