using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Webhooks;

/// <summary>
/// Whether any active subscription takes case (or application) events, asked by every step of every case. A "none" is
/// remembered per database for <see cref="NoneLasts"/> of real time, and forgotten at once when this node makes a
/// subscription (<see cref="Changed"/>); a subscription made on another node is honoured within that time. A "some" is
/// never remembered: the listener reads the subscriptions anyway, and a stopped one is not sent to (the delivery checks
/// it), so only a new subscription could be missed (docs/decisions/0101-a-step-without-waste.md).
/// </summary>
public static class WebhookSubscriptionCache
{
    /// <summary>How long another node's new subscription may go unseen here: events of its first seconds are not sent to it.</summary>
    public static readonly TimeSpan NoneLasts = TimeSpan.FromSeconds(5);

    /// <summary>By connection string: tests hold several databases in one process, and each has its own subscriptions.</summary>
    private static readonly ConcurrentDictionary<string, Until> None = new(StringComparer.Ordinal);

    /// <summary>The Stopwatch timestamps until which cases and applications have no subscription (0: not known).</summary>
    private sealed class Until
    {
        public long Cases;
        public long Applications;

        public ref long Of(bool cases) => ref cases ? ref Cases : ref Applications;
    }

    public static async Task<bool> AnyAsync(PanlongDbContext db, bool cases)
    {
        var until = None.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new Until());
        var now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref until.Of(cases)))
        {
            return false;
        }
        // Asked before the read: a subscription made while it runs clears a "none" noted after it.
        var generation = Volatile.Read(ref _generation);
        var any = await (cases ? AnyForCases : AnyForApplications).For(db)(db);
        if (!any && generation == Volatile.Read(ref _generation))
        {
            Volatile.Write(ref until.Of(cases), now + (long)(NoneLasts.TotalSeconds * Stopwatch.Frequency));
        }
        return any;
    }

    /// <summary>A subscription was made on this node (after its commit): every "none" is forgotten.</summary>
    public static void Changed()
    {
        Interlocked.Increment(ref _generation);
        None.Clear();
    }

    private static long _generation;

    private static readonly CompiledPerModel<Func<PanlongDbContext, Task<bool>>> AnyForCases = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db) => db.WebhookSubscriptions.Any(s => s.IsActive && s.Cases)));

    private static readonly CompiledPerModel<Func<PanlongDbContext, Task<bool>>> AnyForApplications = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db) => db.WebhookSubscriptions.Any(s => s.IsActive && s.Applications)));
}
