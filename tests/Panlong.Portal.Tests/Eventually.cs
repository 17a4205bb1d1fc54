using System.Diagnostics;

namespace Panlong.Portal.Tests;

/// <summary>Waiting for background work (reports, the outbox, a child process) as long as a busy machine needs, and not a moment longer.</summary>
internal static class Eventually
{
    /// <summary>
    /// Sized for a box whose two cores are shared with a dozen builds: at a load of 100, a report that takes a second idle took
    /// over a minute. The wait ends as soon as the condition holds, so a generous limit costs nothing on a quiet machine.
    /// </summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>Reads <paramref name="probe"/> every <paramref name="every"/> ms until <paramref name="done"/> holds; fails naming <paramref name="what"/> after <see cref="Limit"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int every = 100)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Limit)
        {
            var answer = await probe();
            if (done(answer))
            {
                return answer;
            }
            await Task.Delay(every);
        }
        throw new TimeoutException($"{what} did not happen within {Limit}.");
    }
}
