using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Appraisal;

namespace Panlong.Workflows.Appraisal;

/// <summary>
/// The figures of a period and region (docs/decisions/0041-stored-indicators.md): a closed period (its end has passed) is
/// computed once by <see cref="AppraisalCalculator"/> and kept in <see cref="StoredIndicators"/>, and computed again only when
/// its row went stale (a late fact, <see cref="StaleIndicators"/>) or was graded with another configuration; the running
/// period is always computed live. The stored figures are the calculator's own, so they are the same as a live computation.
/// </summary>
public sealed class IndicatorStore(IDbContextFactory<PanlongDbContext> dbFactory, AppraisalCalculator calculator, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new();

    /// <param name="settingId">The configuration row <paramref name="config"/> comes from; null for the defaults.</param>
    public async Task<AppraisalResult> ComputeAsync(AppraisalConfig config, int? settingId, AppraisalPeriod period, string scopePath, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (period.End > now)
        {
            return await calculator.ComputeAsync(config, period, scopePath, ct);
        }
        var watch = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (from, to) = (period.From, period.To);
        var row = await db.StoredIndicators.AsNoTracking().FirstOrDefaultAsync(s => s.ScopePath == scopePath && s.From == from && s.To == to, ct);
        if (row is { StaleSince: null } && row.SettingId == settingId)
        {
            return JsonSerializer.Deserialize<AppraisalResult>(row.Json, Json)! with { ElapsedMs = watch.ElapsedMilliseconds };
        }
        var result = await calculator.ComputeAsync(config, period, scopePath, ct);
        var json = JsonSerializer.Serialize(result, Json);
        if (row is null)
        {
            db.StoredIndicators.Add(new StoredIndicators { ScopePath = scopePath, From = from, To = to, SettingId = settingId, Json = json, ComputedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another reader stored the same period first: its figures are as good as these.
            }
        }
        else
        {
            // A late fact saved while these figures were computed marks the row after `now`: it stays stale.
            await db.StoredIndicators.Where(s => s.Id == row.Id && (s.StaleSince == null || s.StaleSince < now))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Json, json).SetProperty(x => x.SettingId, settingId)
                    .SetProperty(x => x.ComputedAt, now).SetProperty(x => x.StaleSince, (DateTimeOffset?)null), ct);
        }
        return result;
    }
}
