using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Microsoft.Extensions.Logging;
using Panlong.Data.Appraisal;

namespace Panlong.Workflows.Appraisal;

/// <summary>
/// The figures of a period and region (docs/decisions/0041-stored-indicators.md): a closed period (its end has passed) is
/// computed once by <see cref="AppraisalCalculator"/> and kept in <see cref="StoredIndicators"/>, and computed again only when
/// its row went stale (a late fact, <see cref="StaleIndicators"/>) or was graded with another configuration. A running
/// quarter or year (docs/decisions/0048-running-year-from-stored-months.md) is put together from its closed months' grouped
/// counts, kept the same way, and the running rest counted live; a running month is computed live. Either way the figures are
/// the calculator's own, so they are the same as a live computation.
/// </summary>
public sealed class IndicatorStore(IDbContextFactory<PanlongDbContext> dbFactory, AppraisalCalculator calculator, TimeProvider clock, ILogger<IndicatorStore> log,
    ParsedMonths parsed)
{
    private static readonly JsonSerializerOptions Json = new();

    /// <summary>Where a composed period's time went, for the log (docs/benchmarks.md measures the running year with it).</summary>
    private sealed class Timing
    {
        public long ReadMs { get; set; }
        public long ParseMs { get; set; }
        public long Chars { get; set; }
        public int Read { get; set; }
        public int Kept { get; set; }
        public int Counted { get; set; }
    }

    /// <param name="settingId">The configuration row <paramref name="config"/> comes from; null for the defaults.</param>
    public async Task<AppraisalResult> ComputeAsync(AppraisalConfig config, int? settingId, AppraisalPeriod period, string scopePath, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (period.End > now)
        {
            return ClosedMonths(period, now) is { Count: > 0 } months ? await ComposedAsync(config, period, months, now, scopePath, ct)
                : await calculator.ComputeAsync(config, period, scopePath, ct);
        }
        var watch = Stopwatch.StartNew();
        return await StoredAsync(new(scopePath, period, StoredContent.Figures, settingId), now, async () => await calculator.ComputeAsync(config, period, scopePath, ct),
            json => JsonSerializer.Deserialize<AppraisalResult>(json, Json)! with { ElapsedMs = watch.ElapsedMilliseconds }, result => JsonSerializer.Serialize(result, Json),
            (_, _, _) => { }, null, ct);
    }

    /// <summary>
    /// The months of a running period that have ended, when the period starts on a month's first day (a quarter, a year); each
    /// is counted once and kept, so a visit counts only the running month (and the deadlines after it) live.
    /// </summary>
    public static IReadOnlyList<AppraisalPeriod> ClosedMonths(AppraisalPeriod period, DateTimeOffset now)
    {
        var today = ChinaTime.DateOf(now);
        var current = new DateOnly(today.Year, today.Month, 1);
        return period.From.Day != 1 ? [] : period.MonthStarts().Where(m => m < current).Select(m => new AppraisalPeriod(m, m.AddMonths(1))).ToList();
    }

    private async Task<AppraisalResult> ComposedAsync(AppraisalConfig config, AppraisalPeriod period, IReadOnlyList<AppraisalPeriod> months, DateTimeOffset now,
        string scopePath, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var timing = new Timing();
        // The months' heads in one query: a month this process has parsed is not read again while its row keeps the stamp it had
        // (docs/decisions/0066-running-year-at-city-scale.md); the others are read, or counted, one by one.
        var froms = months.Select(m => m.From).ToList();
        List<(long Id, DateOnly From, DateOnly To, string Head)> heads;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            heads = (await db.StoredIndicators.AsNoTracking()
                .Where(s => s.ScopePath == scopePath && s.Content == StoredContent.MonthCounts && s.StaleSince == null && s.SettingId == null && froms.Contains(s.From))
                .Select(s => new { s.Id, s.From, s.To, Head = s.Json.Substring(0, StoredCounts.HeadLength) }).ToListAsync(ct))
                .Select(h => (h.Id, h.From, h.To, h.Head)).ToList();
        }
        timing.ReadMs = watch.ElapsedMilliseconds;
        List<AppraisalCounts> slices = [];
        foreach (var month in months)
        {
            var head = heads.FirstOrDefault(h => h.From == month.From && h.To == month.To);
            if (head.Head is not null && StoredCounts.Stamp(head.Head) is { } stamp && parsed.Get(head.Id, stamp) is { } kept)
            {
                timing.Kept++;
                slices.Add(kept);
                continue;
            }
            slices.Add(await StoredAsync(new(scopePath, month, StoredContent.MonthCounts, null), now, async () => await calculator.CountStoredAsync(month, now, scopePath, ct),
                StoredCounts.Read, StoredCounts.Write, (id, text, counts) => parsed.Put(id, StoredCounts.Stamp(text)!, counts), timing, ct));
        }
        var monthsMs = watch.ElapsedMilliseconds;
        // The running rest: the current month's facts, and the duties whose deadlines fall after it (done early).
        var rest = new AppraisalPeriod(months[^1].To, period.To);
        slices.Add(await calculator.CountAsync(rest, now, scopePath, ct));
        var restMs = watch.ElapsedMilliseconds - monthsMs;
        var result = await calculator.ResultAsync(config, period, Duties.AsOf(period, now), scopePath, AppraisalCounts.Sum(slices), rest, watch, ct);
        log.LogInformation("Running {From}–{To} of {Scope}: {Read} stored months read in {ReadMs} ms ({Chars} chars) and parsed in {ParseMs} ms, {Kept} kept parsed, "
            + "{Counted} counted; months {MonthsMs} ms, running rest {RestMs} ms, figures {FiguresMs} ms", period.From, period.To, scopePath, timing.Read, timing.ReadMs,
            timing.Chars, timing.ParseMs, timing.Kept, timing.Counted, monthsMs, restMs, result.ElapsedMs - monthsMs - restMs);
        return result;
    }

    private sealed record Key(string ScopePath, AppraisalPeriod Period, StoredContent Content, int? SettingId);

    /// <summary>
    /// The stored value of a closed period when it is fresh, graded alike and in the form <paramref name="read"/> knows (null:
    /// another form); otherwise computed and stored. <paramref name="keep"/> is told each row read or written, with its text.
    /// </summary>
    private async Task<T> StoredAsync<T>(Key key, DateTimeOffset now, Func<Task<T>> compute, Func<string, T?> read, Func<T, string> write,
        Action<long, string, T> keep, Timing? timing, CancellationToken ct) where T : class
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (scopePath, from, to, content, settingId) = (key.ScopePath, key.Period.From, key.Period.To, key.Content, key.SettingId);
        var watch = Stopwatch.StartNew();
        var row = await db.StoredIndicators.AsNoTracking().FirstOrDefaultAsync(s => s.ScopePath == scopePath && s.From == from && s.To == to && s.Content == content, ct);
        var readMs = watch.ElapsedMilliseconds;
        if (row is { StaleSince: null } && row.SettingId == settingId && read(row.Json) is { } stored)
        {
            keep(row.Id, row.Json, stored);
            if (timing is not null)
            {
                (timing.Read, timing.ReadMs, timing.ParseMs, timing.Chars) = (timing.Read + 1, timing.ReadMs + readMs,
                    timing.ParseMs + watch.ElapsedMilliseconds - readMs, timing.Chars + row.Json.Length);
            }
            return stored;
        }
        if (timing is not null)
        {
            timing.Counted++;
        }
        var value = await compute();
        var text = write(value);
        if (row is null)
        {
            var added = new StoredIndicators { ScopePath = scopePath, From = from, To = to, Content = content, SettingId = settingId, Json = text, ComputedAt = now };
            db.StoredIndicators.Add(added);
            try
            {
                await db.SaveChangesAsync(ct);
                keep(added.Id, text, value);
            }
            catch (DbUpdateException)
            {
                // Another reader stored the same period first: its figures are as good as these.
            }
        }
        else
        {
            // A late fact saved while these figures were computed marks the row after `now`: it stays stale. Kept either way: a row
            // that was not rewritten does not have this text's stamp.
            await db.StoredIndicators.Where(s => s.Id == row.Id && (s.StaleSince == null || s.StaleSince < now))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Json, text).SetProperty(x => x.SettingId, settingId)
                    .SetProperty(x => x.ComputedAt, now).SetProperty(x => x.StaleSince, (DateTimeOffset?)null), ct);
            keep(row.Id, text, value);
        }
        return value;
    }
}
