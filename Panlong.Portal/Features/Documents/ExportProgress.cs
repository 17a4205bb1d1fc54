using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Panlong.Portal.Features.Documents;

/// <summary>How far one export has got: rows written of the rows the list holds, whether it has ended, and whether it ended before its last row.</summary>
public sealed record ExportState(int Written, int Total, bool Done, bool Stopped = false);

/// <summary>
/// Where a streamed download tells the page that started it how far it has got (docs/decisions/0043-streamed-exports.md):
/// the page puts a token of its own in the link, the download reports under the signed-in user and that token, and the
/// page reads it back. Keyed by user as well, so that nobody reads another's progress by guessing a token. A node keeps
/// its own: the download and the page's circuit are on the same node (sticky sessions).
/// </summary>
public sealed partial class ExportProgress(TimeProvider clock)
{
    /// <summary>An entry no page has asked about for this long is forgotten.</summary>
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string User, string Token), (ExportState State, DateTimeOffset At)> _exports = new();

    /// <summary>A token is 8–64 letters, digits or dashes: what a page makes (a GUID), nothing a link could smuggle.</summary>
    public static bool IsToken(string? token) => token is not null && Token().IsMatch(token);

    public static string NewToken() => Guid.NewGuid().ToString("N");

    public IProgress<int> Start(string user, string token, int total)
    {
        var now = clock.GetUtcNow();
        foreach (var old in _exports.Where(e => now - e.Value.At > Keep))
        {
            _exports.TryRemove(old.Key, out _);
        }
        Set(user, token, new ExportState(0, total, false));
        return new Progress(this, user, token, total);
    }

    public void Finish(string user, string token, int written, bool stopped = false) =>
        Set(user, token, new ExportState(written, Math.Max(written, Get(user, token)?.Total ?? 0), true, stopped));

    /// <summary>The export's link with the page's token in it, so the download reports under it.</summary>
    public static string Link(string url, string token) => url + (url.Contains('?', StringComparison.Ordinal) ? '&' : '?') + "progress=" + token;

    public ExportState? Get(string user, string token) => _exports.TryGetValue((user, token), out var entry) ? entry.State : null;

    private void Set(string user, string token, ExportState state) => _exports[(user, token)] = (state, clock.GetUtcNow());

    /// <summary>Synchronous: the writer reports from its own thread, and the page only reads the latest figure.</summary>
    private sealed class Progress(ExportProgress owner, string user, string token, int total) : IProgress<int>
    {
        public void Report(int value) => owner.Set(user, token, new ExportState(value, Math.Max(value, total), false));
    }

    [GeneratedRegex("^[A-Za-z0-9-]{8,64}$")]
    private static partial Regex Token();
}
