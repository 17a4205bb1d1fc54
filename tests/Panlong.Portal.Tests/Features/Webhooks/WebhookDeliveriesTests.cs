using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Data.Webhooks;
using Panlong.Portal.Features.Tokens;
using Panlong.Portal.Features.Webhooks;
using Panlong.Testing;
using Panlong.Workflows.Webhooks;

namespace Panlong.Portal.Tests.Features.Webhooks;

/// <summary>
/// Webhooks end to end on both databases (ADR 90): a partner's subscription, an event through the outbox taken once by two
/// nodes, a receiver in this process (Kestrel on a loopback port) that fails, the backoff on a manual clock, the dead
/// letter after the last attempt, the administrator's replay, and the signature the receiver checks.
/// </summary>
public sealed class WebhookDeliveriesTests : IAsyncLifetime
{
    private static readonly ClaimsPrincipal SecurityAdmin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "secadmin")], "test"));
    private static readonly DateTimeOffset Start = new(2026, 3, 16, 1, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Start);
    private readonly ConcurrentQueue<(IDictionary<string, string> Headers, string Body)> _received = new();
    private readonly ConcurrentQueue<int> _answers = new();
    private WebApplication _receiver = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        _receiver.MapPost("/hook", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            _received.Enqueue((http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            return Results.StatusCode(_answers.TryDequeue(out var code) ? code : 200);
        });
        await _receiver.StartAsync();
        _url = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private TestDatabase Database(DatabaseProvider provider) => TestDatabase.For(provider, services =>
    {
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<AuditLog>();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddOpenIddict().AddCore(o => o.UseEntityFrameworkCore().UseDbContext<PanlongDbContext>());
        services.AddScoped<PartnerClients>();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production });
        // A receiver on this machine needs both allowances; production refuses it (Targets_* below).
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateTargets"] = "true", ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:MaxAttempts"] = "3", ["Webhooks:RetryBaseSeconds"] = "10", ["Webhooks:RetryCapMinutes"] = "1",
        }).Build());
        services.AddLogging();
        services.AddWebhooks();
    });

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Delivery_FailingReceiver_RetriedWithBackoffDeadThenReplayedOnceSigned(DatabaseProvider provider)
    {
        await using var database = Database(provider);
        await database.MigratedAsync(seed: true);
        // Every case step asks whether any subscription takes case events, and a "none" is remembered for a few seconds:
        // making one forgets it at once (docs/decisions/0101-a-step-without-waste.md).
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            Assert.False(await WebhookSubscriptionCache.AnyAsync(db, cases: true));
        }
        var secret = await SubscribeAsync(database);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            Assert.True(await WebhookSubscriptionCache.AnyAsync(db, cases: true));
        }
        int subscription;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            subscription = await db.WebhookSubscriptions.Select(s => s.Id).SingleAsync();
            db.OutboxMessages.Add(WebhookListener.Message(subscription, new WebhookEvents.Body(Guid.CreateVersion7(), WebhookEvents.CaseStatus, Start,
                new WebhookEvents.Subject("AJ2026031600001", "14-01", "Accepting", "待受理", "open"))));
            await db.SaveChangesAsync();
        }
        // Two nodes take the outbox at once: one delivery.
        var first = new WebhookDeliveries(database.Factory, database.Get<IHttpClientFactory>(), database.Get<WebhookSettings>(),
            database.Get<IDataProtectionProvider>(), _clock, database.Get<ILogger<WebhookDeliveries>>());
        var taken = await Task.WhenAll(first.TakeFromOutboxAsync(), database.Get<WebhookDeliveries>().TakeFromOutboxAsync());
        Assert.Equal(1, taken.Sum());

        _answers.Enqueue(500);
        _answers.Enqueue(503);
        _answers.Enqueue(500);
        Assert.Equal(0, await first.SendDueAsync());
        var afterOne = await DeliveryAsync(database);
        Assert.Equal((WebhookDeliveryStatus.Pending, 1, "HTTP 500"), (afterOne.Status, afterOne.Attempts, afterOne.LastError));
        // Base 10 s: the first wait is 5–10 s (half of it random).
        Assert.InRange(afterOne.NextAttemptAt - Start, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.Equal(0, await first.SendDueAsync());
        Assert.Single(_received);

        _clock.Now = afterOne.NextAttemptAt;
        await first.SendDueAsync();
        var afterTwo = await DeliveryAsync(database);
        Assert.Equal((WebhookDeliveryStatus.Pending, 2, 503), (afterTwo.Status, afterTwo.Attempts, afterTwo.LastStatusCode));
        Assert.InRange(afterTwo.NextAttemptAt - _clock.Now, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));

        _clock.Now = afterTwo.NextAttemptAt;
        await first.SendDueAsync();
        var dead = await DeliveryAsync(database);
        Assert.Equal((WebhookDeliveryStatus.Dead, 3), (dead.Status, dead.Attempts));
        _clock.Now += TimeSpan.FromHours(1);
        Assert.Equal(0, await first.SendDueAsync());
        Assert.Equal(3, _received.Count);

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<WebhookSubscriptions>();
            Assert.Equal(WebhookDeliveryStatus.Dead, Assert.Single(await admin.DeliveriesAsync()).Status);
            Assert.True(await admin.ReplayAsync(dead.Id, SecurityAdmin));
            Assert.False(await admin.ReplayAsync(dead.Id, SecurityAdmin));
        }
        Assert.Equal(1, await first.SendDueAsync());
        Assert.Equal(0, await database.Get<WebhookDeliveries>().SendDueAsync());
        var delivered = await DeliveryAsync(database);
        Assert.Equal((WebhookDeliveryStatus.Delivered, 1, 200), (delivered.Status, delivered.Attempts, delivered.LastStatusCode));

        // Four requests of one event, each signed over its own timestamp; the receiver's check passes now and refuses a replay later.
        Assert.Equal(4, _received.Count);
        Assert.Single(_received.Select(r => r.Headers[WebhookSignature.EventIdHeader]).Distinct());
        var (headers, body) = _received.Last();
        Assert.Equal(delivered.EventId.ToString(), headers[WebhookSignature.EventIdHeader]);
        Assert.True(WebhookSignature.Verify(secret, headers[WebhookSignature.TimestampHeader], headers[WebhookSignature.SignatureHeader], body, _clock.Now));
        Assert.False(WebhookSignature.Verify(secret, headers[WebhookSignature.TimestampHeader], headers[WebhookSignature.SignatureHeader], body, _clock.Now + TimeSpan.FromMinutes(6)));
        Assert.Contains("\"number\":\"AJ2026031600001\"", body, StringComparison.Ordinal);
        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Equal([WebhookAuditActions.Subscribed, WebhookAuditActions.Replayed],
            await check.AuditEntries.Where(e => e.Action.StartsWith("Webhook.")).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }

    private async Task<string> SubscribeAsync(TestDatabase database)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<PartnerClients>();
        var center = (await clients.BindableUnitsAsync()).First(u => u.Kind == OrgUnitKind.CommandCenter);
        var client = await clients.CreateAsync(new PartnerClientForm("12345 热线", center.Id, [TokenScopes.CasesRead]), SecurityAdmin);
        var webhooks = scope.ServiceProvider.GetRequiredService<WebhookSubscriptions>();
        var refused = await webhooks.SubscribeAsync(new WebhookForm(client.Secret!.ClientId, _url, false, false), SecurityAdmin);
        Assert.Equal("Webhooks.Events.Required", refused.Errors["events"]);
        var result = await webhooks.SubscribeAsync(new WebhookForm(client.Secret.ClientId, _url, true, false), SecurityAdmin);
        Assert.True(result.Ok, string.Join(", ", result.Errors.Values));
        Assert.StartsWith("whsec_", result.Secret, StringComparison.Ordinal);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.DoesNotContain(result.Secret!, await db.WebhookSubscriptions.Select(s => s.ProtectedSecret).SingleAsync(), StringComparison.Ordinal);
        return result.Secret!;
    }

    private static async Task<WebhookDelivery> DeliveryAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await db.WebhookDeliveries.AsNoTracking().SingleAsync();
    }
}
