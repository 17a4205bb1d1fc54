using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Portal.Features.Workflows;

/// <summary>
/// The state names of the latest definitions (and the service items' English names), for lists that hold only a state id and its Chinese name as written at the
/// time (a case's or an application's state): the English comes from the definition whose state has that id and that
/// Chinese name, so a renamed state keeps its old name rather than take another's (docs/decisions/0038-localized-names.md).
/// Read again after a minute, so a newly published English name shows without a restart.
/// </summary>
public sealed class ProcessNames(IDbContextFactory<PanlongDbContext> dbFactory, DefinitionStore definitions, TimeProvider clock)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private volatile Snapshot? _snapshot;

    /// <summary>English by (state id, Chinese name), and by the Chinese name alone for views that kept no id.</summary>
    private sealed record Snapshot(IReadOnlyDictionary<(string Id, string Name), string> English, IReadOnlyDictionary<string, string> ByName,
        IReadOnlyDictionary<string, string> Items, DateTimeOffset ReadAt);

    public async Task ReadyAsync(CancellationToken ct = default)
    {
        if (_snapshot is { } s && clock.GetUtcNow() - s.ReadAt < Fresh)
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ProcessDefinitions.Select(d => d.Key).Distinct().ToListAsync(ct);
        var english = new Dictionary<(string, string), string>();
        var byName = new Dictionary<string, string>();
        foreach (var key in keys)
        {
            if (await definitions.LatestAsync(key, ct) is not { } latest)
            {
                continue;
            }
            foreach (var state in latest.Model.States.Where(s => !string.IsNullOrWhiteSpace(s.NameEn)))
            {
                english.TryAdd((state.Id, state.Name), state.NameEn!);
                byName.TryAdd(state.Name, state.NameEn!);
            }
        }
        // Applications keep the item's Chinese name as it was: the English of any version that had that name.
        var items = (await db.ServiceItems.Where(i => i.NameEn != null).Select(i => new { i.Name, i.NameEn }).ToListAsync(ct))
            .DistinctBy(i => i.Name).ToDictionary(i => i.Name, i => i.NameEn!);
        _snapshot = new Snapshot(english, byName, items, clock.GetUtcNow());
    }

    /// <summary>A service item's name as an application kept it, in the reader's language (call <see cref="ReadyAsync"/> first).</summary>
    public LocalizedName Item(string chineseName) => new(chineseName, _snapshot?.Items.GetValueOrDefault(chineseName));

    /// <summary>The state's name in the reader's language (call <see cref="ReadyAsync"/> first).</summary>
    public LocalizedName State(string? id, string chineseName) =>
        new(chineseName, id is null ? _snapshot?.ByName.GetValueOrDefault(chineseName) : _snapshot?.English.GetValueOrDefault((id, chineseName)));
}
