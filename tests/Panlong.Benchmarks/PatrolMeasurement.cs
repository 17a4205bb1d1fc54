using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Patrol;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Patrol;

namespace Panlong.Benchmarks;

/// <summary>
/// Issue 19 part 1's figures (docs/decisions/0068-patrol-shifts-and-tracks.md): <c>measure-patrol [Sqlite|Postgres]
/// [patrollers=500] [minutes=10]</c>. Each patroller starts a shift and uploads <paramref name="minutes"/> of fixes, one
/// fix every 5 s, each upload one fix (a phone online), all patrollers at once; the rate is fixes stored per second
/// (the need: 500 / 5 s = 100 a second). Then the stored bytes per fix give the bytes of a patroller-day (10 hours = 7,200
/// fixes), and one 10-hour shift is opened for playback (track + figures, what /patrol/live reads), median of 5.
/// </summary>
public static class PatrolMeasurement
{
    private const string Street = "530103001";

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(args.FirstOrDefault() ?? "Sqlite", ignoreCase: true);
        var patrollers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        var minutes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        await using var database = await SeededWorkflows.OpenAsync(provider);
        var patrol = database.Get<PatrolService>();
        var actors = Enumerable.Range(0, patrollers).Select(i => new WorkflowActor($"p{i}", $"巡防{i}", new HashSet<string> { Roles.SecurityPatroller },
            new DataScope($"/530103/{Street}/{Street}{1 + (i % 8):000}/"))).ToList();
        var shifts = new List<long>();
        foreach (var actor in actors)
        {
            shifts.Add((await patrol.StartAsync(actor))!.Value);
        }
        var before = await BytesAsync(database, provider);
        var start = DateTimeOffset.UtcNow;
        var perPatroller = minutes * 12;

        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, patrollers), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            for (var n = 0; n < perPatroller; n++)
            {
                var fix = new FixUpload(n, Math.Min(start.AddSeconds(n * 5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
                    25.031 + (i % 25 * 0.001) + (n * 0.00003), 102.701 + (i / 25 * 0.001), 8);
                var result = await patrol.UploadAsync(shifts[i], actors[i], [fix], ct);
                if (result.Stored != 1)
                {
                    throw new InvalidOperationException($"{result.Status} for patroller {i}, fix {n}");
                }
            }
        });
        var elapsed = watch.Elapsed;
        var fixes = patrollers * perPatroller;
        Console.WriteLine($"{provider}: {fixes:N0} fixes of {patrollers} patrollers, one per upload, 32 at a time: {elapsed.TotalSeconds:F1} s = {fixes / elapsed.TotalSeconds:F0} fixes/s (need {patrollers / 5.0:F0}/s)");

        // Everything the load wrote is fixes (and the shifts' live position, updated in place), so the growth is theirs.
        var bytes = await BytesAsync(database, provider) - before;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var stored = await db.PatrolFixes.CountAsync();
            Console.WriteLine($"storage: {bytes:N0} bytes grown by {stored:N0} fixes (table and key; SQLite: the file's pages) = {(double)bytes / stored:F1} bytes a fix = {bytes * 7200.0 / stored / 1024:F0} KiB a patroller-day (10 h, a fix every 5 s)");
        }

        // One 10-hour shift: 7,200 fixes uploaded in batches of 1,000, walking back and forth across the street.
        var walker = new WorkflowActor("walker", "巡防长", new HashSet<string> { Roles.SecurityPatroller }, new DataScope($"/530103/{Street}/{Street}001/"));
        var clock = database.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        var shift = (await patrol.StartAsync(walker))!.Value;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            // Backdate the shift so ten hours of fixes lie between its start and now.
            var begun = clock.GetUtcNow().AddHours(-10);
            await db.PatrolShifts.Where(s => s.Id == shift).ExecuteUpdateAsync(s => s.SetProperty(x => x.StartedAt, begun));
            var walk = Enumerable.Range(0, 7200).Select(n => new FixUpload(n, begun.AddSeconds(n * 5).ToUnixTimeMilliseconds(),
                25.031 + (Math.Abs((n % 1200) - 600) * 0.00004), 102.701 + (n / 1200 * 0.003), 8)).ToList();
            foreach (var batch in walk.Chunk(1000))
            {
                await patrol.UploadAsync(shift, walker, batch);
            }
        }
        var queries = new PatrolQueries(database.Factory, patrol, database.Get<Panlong.Data.Audit.AuditLog>(), clock);
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, "walker")], "measure"));
        var times = new List<double>();
        ShiftTrack? track = null;
        for (var i = 0; i < 6; i++)
        {
            var open = Stopwatch.StartNew();
            track = await queries.TrackAsync(shift, user);
            if (i > 0)
            {
                times.Add(open.Elapsed.TotalMilliseconds); // the first run warms the grid index and the query plans
            }
        }
        times.Sort();
        Console.WriteLine($"playback of a 10-hour shift ({track!.Points.Length / 3:N0} points, {track.Figures.Metres / 1000:F1} km, {track.Figures.Grids.Count} grids): median {times[times.Count / 2]:F0} ms of 5 (min {times[0]:F0}, max {times[^1]:F0})");
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static async Task<long> BytesAsync(Panlong.Testing.TestDatabase database, DatabaseProvider provider)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = provider == DatabaseProvider.Postgres
            ? "SELECT pg_total_relation_size('\"PatrolFixes\"')"
            : "SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size())";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
