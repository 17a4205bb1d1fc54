using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Workflows;

namespace Panlong.Workflows.Engine.Definitions;

public sealed record CompiledDefinition(int Id, string Key, int Version, ProcessModel Model);

public sealed record PublishResult(bool Ok, IReadOnlyList<ValidationIssue> Issues, int? Version = null, bool Unchanged = false);

/// <summary>
/// Published definitions: validated before publishing, immutable after. Publishing a changed definition makes the
/// next version; instances keep the version they started with, which is cached here by id.
/// </summary>
public sealed class DefinitionStore(IDbContextFactory<PanlongDbContext> dbFactory, ProcessValidator validator, TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, CompiledDefinition> _byId = new();

    public ProcessValidator Validator => validator;

    public async Task<CompiledDefinition> GetAsync(int definitionId, CancellationToken ct = default)
    {
        if (_byId.TryGetValue(definitionId, out var compiled))
        {
            return compiled;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ProcessDefinitions.AsNoTracking().SingleAsync(d => d.Id == definitionId, ct);
        return _byId.GetOrAdd(row.Id, _ => Compile(row));
    }

    public async Task<CompiledDefinition?> LatestAsync(string key, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LatestAsync(db, key, ct);
    }

    /// <summary>
    /// The latest version's id is asked of the database each time (another node may have published one); the version itself,
    /// immutable once published, comes from the cache.
    /// </summary>
    public async Task<CompiledDefinition?> LatestAsync(PanlongDbContext db, string key, CancellationToken ct = default)
    {
        var id = await LatestId.For(db)(db, key, ct);
        return id is { } found ? await GetAsync(found, ct) : null;
    }

    // Every start asks it: compiled once (docs/decisions/0071-the-demo-year-in-four-minutes.md).
    private static readonly Runtime.CompiledPerModel<Func<PanlongDbContext, string, CancellationToken, Task<int?>>> LatestId = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, string key, CancellationToken ct) =>
            db.ProcessDefinitions.Where(d => d.Key == key).OrderByDescending(d => d.Version).Select(d => (int?)d.Id).FirstOrDefault()));

    public async Task<PublishResult> PublishAsync(string json, string? publishedBy, CancellationToken ct = default)
    {
        var (model, issues) = validator.Validate(json);
        if (model is null)
        {
            return new PublishResult(false, issues);
        }
        var canonical = model.ToJson();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.ProcessDefinitions.Where(d => d.Key == model.Key).OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
        if (latest is not null && latest.Json == canonical)
        {
            return new PublishResult(true, [], latest.Version, Unchanged: true);
        }
        var row = new ProcessDefinition
        {
            Key = model.Key,
            Version = (latest?.Version ?? 0) + 1,
            Name = model.Name,
            NameEn = model.NameEn,
            Json = canonical,
            PublishedAt = clock.GetUtcNow(),
            PublishedBy = publishedBy,
        };
        db.ProcessDefinitions.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (!await VersionExistsAsync(model.Key, row.Version, ct))
            {
                throw;
            }
            // The unique (key, version) index: someone published the same key at the same moment.
            return new PublishResult(false, [new ValidationIssue("PublishedConcurrently", model.Key)]);
        }
        return new PublishResult(true, [], row.Version);
    }

    private async Task<bool> VersionExistsAsync(string key, int version, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ProcessDefinitions.AnyAsync(d => d.Key == key && d.Version == version, ct);
    }

    /// <summary>Publishes each definition shipped with the product whose key has no version yet.</summary>
    public async Task<int> SeedAsync(CancellationToken ct = default)
    {
        var assembly = typeof(DefinitionStore).Assembly;
        var published = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ProcessDefinitions.Select(d => d.Key).Distinct().ToListAsync(ct);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Panlong.Workflows.Seeds.", StringComparison.Ordinal)))
        {
            var json = await ReadAsync(assembly, name);
            var shipped = ProcessModel.Parse(json);
            var key = shipped.Key;
            if (keys.Contains(key))
            {
                await AddEnglishAsync(db, shipped, ct);
                published += await AddContractStatesAsync(db, shipped, ct);
                continue;
            }
            var result = await PublishAsync(json, Data.Services.ServiceCatalogSeed.ShippedBy, ct);
            if (!result.Ok)
            {
                throw new InvalidOperationException($"Shipped definition {name} is invalid: {string.Join("; ", result.Issues)}");
            }
            published++;
        }
        return published;
    }

    /// <summary>
    /// A release whose code names a new state (the case loop's 已转上级, docs/decisions/0093-open311-forwarding.md) publishes
    /// the latest version plus the shipped contract states it lacks, with every shipped transition into or out of them — an
    /// administrator's other changes stay. Running instances keep their version; only instances started after it have the state.
    /// </summary>
    private async Task<int> AddContractStatesAsync(PanlongDbContext db, ProcessModel shipped, CancellationToken ct)
    {
        var latest = (await LatestAsync(db, shipped.Key, ct))!.Model;
        var have = latest.States.Select(s => s.Id).ToHashSet();
        var missing = validator.Contracts.Where(c => c.DefinitionKey == shipped.Key).SelectMany(c => c.States)
            .Where(id => !have.Contains(id) && shipped.States.Any(s => s.Id == id)).ToHashSet();
        if (missing.Count == 0)
        {
            return 0;
        }
        var upgraded = latest with
        {
            States = [.. latest.States, .. shipped.States.Where(s => missing.Contains(s.Id))],
            Transitions = [.. latest.Transitions, .. shipped.Transitions.Where(t => missing.Contains(t.From) || missing.Contains(t.To))],
        };
        var result = await PublishAsync(upgraded.ToJson(), Data.Services.ServiceCatalogSeed.ShippedBy, ct);
        return result.Ok ? 1 : throw new InvalidOperationException($"Upgrading {shipped.Key}: {string.Join("; ", result.Issues)}");
    }

    /// <summary>
    /// The data step of the migration LocalizedNames: versions published before names had English get the shipped English
    /// for the states and actions whose Chinese name is still the shipped one. Names are what people read, not what the
    /// process does, so this is the one change a published version takes (docs/decisions/0038-localized-names.md).
    /// </summary>
    private static async Task AddEnglishAsync(PanlongDbContext db, ProcessModel shipped, CancellationToken ct)
    {
        var rows = await db.ProcessDefinitions.Where(d => d.Key == shipped.Key && d.NameEn == null).ToListAsync(ct);
        foreach (var row in rows)
        {
            var model = WithEnglishOf(ProcessModel.Parse(row.Json), shipped);
            row.NameEn = model.NameEn;
            row.Json = model.ToJson();
        }
        if (rows.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
    }

    public static ProcessModel WithEnglishOf(ProcessModel model, ProcessModel shipped) => model with
    {
        NameEn = model.NameEn ?? (model.Name == shipped.Name ? shipped.NameEn : null),
        States = [.. model.States.Select(s => s.NameEn is null && shipped.FindState(s.Id) is { } t && t.Name == s.Name ? s with { NameEn = t.NameEn } : s)],
        Transitions = [.. model.Transitions.Select(x => x.NameEn is null
            && shipped.Transitions.FirstOrDefault(t => t.Trigger == x.Trigger && t.From == x.From && t.Name == x.Name) is { } t ? x with { NameEn = t.NameEn } : x)],
    };

    private static async Task<string> ReadAsync(Assembly assembly, string name)
    {
        await using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static CompiledDefinition Compile(ProcessDefinition row) => new(row.Id, row.Key, row.Version, ProcessModel.Parse(row.Json));
}
