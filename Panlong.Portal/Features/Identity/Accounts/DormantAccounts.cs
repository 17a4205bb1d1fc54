using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.Sessions;
using Panlong.Portal.Features.Tokens;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal.Features.Identity.Accounts;

/// <summary>
/// MLPS level 3 (等保三级) asks that unused accounts be removed or disabled in time: an account with no sign-in for
/// <see cref="DormantAfter"/> (counted from its creation or last re-enabling when it never signed in since) is disabled, audited.
/// </summary>
public sealed class DormantAccounts(IDbContextFactory<PanlongDbContext> dbFactory, SessionRegistry sessions, TokenAccounts tokens, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan DormantAfter = TimeSpan.FromDays(90);

    public async Task<int> DisableAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - DormantAfter;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var dormant = await db.Users.Where(u => u.DisabledAt == null && (u.LastActiveAt ?? u.CreatedAt) < cutoff)
            .Select(u => new { u.Id, u.UserName, u.LastActiveAt }).ToListAsync(ct);
        foreach (var user in dormant)
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, now), ct);
            await sessions.EndAllAsync(user.Id, SessionEndReasons.Disabled);
            await tokens.RevokeAsync(user.Id, ct);
            await audit.WriteAsync(AccountAuditActions.AccountDisabled, null, "dormant-accounts", target: user.UserName,
                detail: $"no sign-in for {DormantAfter.TotalDays:0} days (last {(user.LastActiveAt is { } at ? ChinaTime.Format(at) : "never")})", ct: ct);
        }
        return dormant.Count;
    }
}

/// <summary><see cref="DormantAccounts"/> as the node starts and then daily.</summary>
public sealed class DormantAccountsJob(DormantAccounts dormant, ILogger<DormantAccountsJob> log) : PeriodicJob
{
    public override string Name => "dormant-accounts";

    public override TimeSpan Interval => TimeSpan.FromDays(1);

    public override bool AtStart => true;

    public override async Task RunAsync(CancellationToken ct)
    {
        var count = await dormant.DisableAsync(ct);
        if (count > 0)
        {
            log.LogInformation("Disabled {Count} dormant account(s)", count);
        }
    }
}
