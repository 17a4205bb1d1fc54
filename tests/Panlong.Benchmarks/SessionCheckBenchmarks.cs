using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Panlong.Data.Identity;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Portal.Features.Identity.Sessions;
using Panlong.Portal.Features.Tokens;
using Panlong.Testing;

namespace Panlong.Benchmarks;

/// <summary>
/// What the server-side session check adds to a signed-in request (docs/decisions/0025-server-side-sessions.md): the
/// cookie's principal checked against its session — from the cache, as on nearly every request, and from the database,
/// as once per session every 30 seconds — against reading the principal's claims alone, which is all a cookie sign-in did
/// before; and the bearer token's account check (docs/decisions/0103-token-account-check.md), one read of the account's row
/// on every API call that carries a token. Run with <c>--filter *SessionCheck* --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class SessionCheckBenchmarks
{
    private TestDatabase _database = null!;
    private SessionRegistry _sessions = null!;
    private MemoryCache _cache = null!;
    private ClaimsPrincipal _principal = null!;
    private string _sessionId = "";
    private TokenAccounts _tokenAccounts = null!;
    private string _userId = "";

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _database = await TestDatabase.Sqlite().MigratedAsync();
        var user = new PanlongUser { Id = Guid.NewGuid().ToString(), UserName = "bench", NormalizedUserName = "BENCH", SecurityStamp = Guid.NewGuid().ToString() };
        await using (var db = await _database.Factory.CreateDbContextAsync())
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }
        _userId = user.Id;
        _tokenAccounts = new TokenAccounts(_database.Factory, _database.Get<IServiceScopeFactory>(), TimeProvider.System);
        _cache = new MemoryCache(new MemoryCacheOptions());
        var identity = Options.Create(new IdentityOptions());
        _sessions = new SessionRegistry(_database.Factory, TimeProvider.System, _cache, new SessionSettings(TimeSpan.FromHours(12)), identity);
        _sessionId = (await _sessions.SignedInAsync(user.Id, null, "127.0.0.1", "benchmark")).SessionId;
        _principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id),
            new Claim(identity.Value.ClaimsIdentity.SecurityStampClaimType, user.SecurityStamp),
            new Claim(SessionRegistry.ClaimType, _sessionId),
        ], "Identity.Application"));
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        _cache.Dispose();
        await _database.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public bool ClaimsOnly() => _principal.FindFirstValue(ClaimTypes.NameIdentifier) is not null;

    [Benchmark]
    public async Task<bool> SessionFromCache() => await _sessions.IsActiveAsync(_principal);

    [Benchmark]
    public async Task<bool> TokenAccountFromDatabase() => await _tokenAccounts.IsActiveAsync(_userId);

    [Benchmark]
    public async Task<bool> SessionFromDatabase()
    {
        _cache.Remove(_sessionId);
        return await _sessions.IsActiveAsync(_principal);
    }
}
