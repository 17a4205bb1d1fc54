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
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Open311;
using Panlong.Data.Providers;
using Panlong.Data.Workflows;
using Panlong.Portal.Features.Open311Client;
using Panlong.Portal.Features.Webhooks;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Open311Client;

/// <summary>
/// Forwarding a case upstream end to end (ADR 93): a GeoReport v2 server in this process (Kestrel on a loopback port) that
/// first fails, then queues the request under a token; the dispatcher's 转上级平台, the sender's retry after backoff with a
/// timeline note, the token resolved, the poll that closes the case with the upstream's notes; on SQLite and PostgreSQL.
/// </summary>
public sealed class ForwarderTests : IAsyncLifetime
{
    private static readonly ClaimsPrincipal SystemAdmin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "sysadmin")], "test"));
    private static readonly DateTimeOffset MondayNine = new(2026, 3, 16, 1, 0, 0, TimeSpan.Zero);
    private static readonly WorkflowActor Inspector = Person("inspector", Roles.Inspector);
    private static readonly WorkflowActor Acceptor = Person("acceptor", Roles.Acceptor);
    private static readonly WorkflowActor ShiftLead = Person("shiftlead", Roles.ShiftLead);
    private static readonly WorkflowActor Dispatcher = Person("dispatcher", Roles.Dispatcher);

    private readonly ManualClock _clock = new(MondayNine);
    private readonly ConcurrentQueue<Dictionary<string, string>> _posts = new();
    private readonly ConcurrentQueue<string> _gets = new();
    private volatile int _failPosts;
    private volatile string _status = "open";
    private WebApplication _upstream = null!;
    private string _base = null!;

    private static WorkflowActor Person(string id, string role) => new(id, id, new HashSet<string> { role }, new DataScope("/530103/"));

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _upstream = builder.Build();
        _upstream.MapPost("/v2/requests.json", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            _posts.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            if (_failPosts > 0)
            {
                _failPosts--;
                return Results.Json(new[] { new { code = 503, description = "city platform under maintenance" } }, statusCode: 503);
            }
            return Results.Json(new[] { new { token = "T-1", service_notice = "queued" } });
        });
        _upstream.MapGet("/v2/tokens/{token}.json", (string token) =>
        {
            _gets.Enqueue("tokens/" + token);
            return Results.Json(new[] { new { token, service_request_id = "KM-12345-9" } });
        });
        _upstream.MapGet("/v2/requests.json", (HttpContext http) =>
        {
            _gets.Enqueue("requests?" + http.Request.QueryString.Value);
            return Results.Json(new[] { new { service_request_id = "KM-12345-9", status = _status, status_notes = _status == "closed" ? "已由市城管局清运完毕" : null } });
        });
        await _upstream.StartAsync();
        _base = _upstream.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v2";
    }

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private async Task<TestDatabase> DatabaseAsync(DatabaseProvider provider)
    {
        var database = TestDatabase.For(provider, services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.AddSingleton<AuditLog>();
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
            services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production });
            // An upstream on this machine needs both allowances; production refuses it (WebhookRulesTests).
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Webhooks:AllowPrivateTargets"] = "true", ["Webhooks:AllowHttp"] = "true", ["Webhooks:RetryBaseSeconds"] = "10",
                ["Open311Client:PollSeconds"] = "60",
            }).Build());
            services.AddLogging();
            services.AddPanlongWorkflows();
            services.AddWebhooks();
            services.AddOpen311Forwarding();
        });
        await database.BuiltAsync("engine", async built =>
        {
            await built.MigratedAsync(seed: true);
            await built.Get<CalendarProvider>().SeedAsync();
            await built.Get<DefinitionStore>().SeedAsync();
        });
        return database;
    }

    private static async Task<string> DispatchingCaseAsync(TestDatabase database)
    {
        var cases = database.Get<CaseService>();
        await using var db = await database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var garbage = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        var report = await cases.ReportAsync(new CaseReport(garbage, "东庄社区路口有暴露垃圾", grid.Lat, grid.Lng, "东庄路口", null, false, []), Inspector);
        Assert.True(report.Ok, string.Join("; ", report.Errors.Values));
        await ActAsync(cases, report.Number!, CaseLoopContract.Accept, Acceptor);
        await ActAsync(cases, report.Number!, CaseLoopContract.File, ShiftLead);
        return report.Number!;
    }

    private static async Task ActAsync(CaseService cases, string number, string trigger, WorkflowActor actor, string? comment = null)
    {
        var result = await cases.ActAsync(number, trigger, actor, new FireInput(comment));
        Assert.True(result.Outcome == CaseActOutcome.Done, $"{trigger}: {result.Refusal} {result.Detail}");
    }

    private async Task RouteAsync(TestDatabase database)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var upstreams = scope.ServiceProvider.GetRequiredService<Upstreams>();
        var refused = await upstreams.SaveAsync(new UpstreamForm(null, "昆明市 12345", "http://10.0.0.1/v2", null, null), SystemAdmin);
        Assert.True(refused.Ok, "AllowPrivateTargets is on in this test");
        var saved = await upstreams.SaveAsync(new UpstreamForm(refused.Id, "昆明市 12345", _base, "530100", "key-of-panlong"), SystemAdmin);
        Assert.True(saved.Ok, string.Join(", ", saved.Errors.Values));
        await using var db = await database.Factory.CreateDbContextAsync();
        var garbage = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        Assert.True((await upstreams.RouteAsync(garbage, saved.Id, "CG-0101", SystemAdmin)).Ok);
        Assert.DoesNotContain("key-of-panlong", await db.Open311Upstreams.Select(u => u.ProtectedApiKey).SingleAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Forward_UpstreamFailsThenQueuesThenCloses_CaseClosedWithTheUpstreamsNotes(DatabaseProvider provider)
    {
        await using var database = await DatabaseAsync(provider);
        var cases = database.Get<CaseService>();
        var number = await DispatchingCaseAsync(database);
        var noRoute = await cases.ActAsync(number, CaseLoopContract.Forward, Dispatcher, new FireInput());
        Assert.Equal((Refusal.ConditionNotMet, "Cases.Guard.NoUpstreamRoute"), (noRoute.Refusal!.Value, noRoute.Detail));

        await RouteAsync(database);
        await ActAsync(cases, number, CaseLoopContract.Forward, Dispatcher);
        var forwarder = database.Get<Forwarder>();
        forwarder.Jitter = () => 0;
        // A second node sending at the same moment: the upstream gets one request.
        var second = new Forwarder(database.Factory, database.Get<IHttpClientFactory>(), database.Get<WebhookSettings>(), database.Get<IConfiguration>(),
            database.Get<IDataProtectionProvider>(), database.Get<WorkflowRunner>(), database.Get<IChangeSignal>(), _clock, database.Get<ILogger<Forwarder>>()) { Jitter = () => 0 };
        _failPosts = 1;
        Assert.Equal(0, (await Task.WhenAll(forwarder.SendDueAsync(), second.SendDueAsync())).Sum());
        var post = Assert.Single(_posts);
        Assert.Equal(("CG-0101", "530100", "key-of-panlong", "东庄路口", "东庄社区路口有暴露垃圾"),
            (post["service_code"], post["jurisdiction_id"], post["api_key"], post["address_string"], post["description"]));
        Assert.True(double.TryParse(post["lat"], System.Globalization.CultureInfo.InvariantCulture, out _) && post.ContainsKey("long"));
        var failed = await RowAsync(database);
        Assert.Equal((ForwardStatus.Pending, 1), (failed.Status, failed.Attempts));
        Assert.Contains("503", failed.LastError, StringComparison.Ordinal);
        Assert.Contains(await NotesAsync(database, number), n => n.Contains("maintenance", StringComparison.Ordinal) && n.Contains("第 1 次", StringComparison.Ordinal));

        // Not before the backoff (base 10 s, no jitter: 5 s); then taken, under a token.
        Assert.Equal(0, await forwarder.SendDueAsync());
        Assert.Single(_posts);
        _clock.Now = failed.NextAttemptAt;
        Assert.Equal(1, await forwarder.SendDueAsync());
        Assert.Equal(2, _posts.Count);
        var sent = await RowAsync(database);
        Assert.Equal((ForwardStatus.Sent, "T-1", (string?)null), (sent.Status, sent.Token, sent.ServiceRequestId));

        // The poll resolves the token, then asks for the status: still open.
        _clock.Now = sent.NextAttemptAt;
        Assert.Equal(0, await forwarder.PollAsync());
        Assert.Equal("KM-12345-9", (await RowAsync(database)).ServiceRequestId);
        Assert.Equal(0, await forwarder.PollAsync());
        Assert.Contains(_gets, g => g.Contains("service_request_id=KM-12345-9", StringComparison.Ordinal));
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            Assert.Equal(CaseLoopContract.Forwarded, await db.Cases.Where(c => c.Number == number).Select(c => c.State).SingleAsync());
        }

        _status = "closed";
        _clock.Now += TimeSpan.FromMinutes(2);
        Assert.Equal(1, await forwarder.PollAsync());
        Assert.Equal(0, await second.PollAsync());
        await using var check = await database.Factory.CreateDbContextAsync();
        var item = await check.Cases.SingleAsync(c => c.Number == number);
        Assert.Equal((CaseLoopContract.Closed, CaseStatus.Closed), (item.State, item.Status));
        var closing = await check.ProcessSteps.Where(s => s.InstanceId == item.InstanceId && s.Trigger == CaseLoopContract.UpstreamClosed).SingleAsync();
        Assert.Equal("已由市城管局清运完毕", closing.Comment);
        Assert.Equal(ForwardStatus.Closed, (await RowAsync(database)).Status);
        Assert.Equal([Open311ClientAudit.UpstreamSaved, Open311ClientAudit.UpstreamSaved, Open311ClientAudit.RouteSaved],
            await check.AuditEntries.Where(e => e.Action.StartsWith("Open311.")).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }

    /// <summary>
    /// 收回转办 (ADR 93, its test from ADR 97): a case the upstream has queued is taken back by the hub's own center only; the
    /// row stops being polled, so the upstream closing it later does not close the case, the case page's line goes, and a
    /// second forwarding starts the same row over with a new upstream request.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Recall_OfAQueuedCase_OnlyByTheHubsCenter_TheUpstreamsCloseNoLongerClosesIt(DatabaseProvider provider)
    {
        await using var database = await DatabaseAsync(provider);
        var cases = database.Get<CaseService>();
        var number = await DispatchingCaseAsync(database);
        await RouteAsync(database);
        await ActAsync(cases, number, CaseLoopContract.Forward, Dispatcher);
        var forwarder = database.Get<Forwarder>();
        forwarder.Jitter = () => 0;
        Assert.Equal(1, await forwarder.SendDueAsync());
        Assert.Equal((ForwardStatus.Sent, "T-1"), ((await RowAsync(database)).Status, (await RowAsync(database)).Token));

        // A street's dispatcher does not take back what the district's center sent, and a recall says why.
        var street = new WorkflowActor("street-dispatcher", "街道调度", new HashSet<string> { Roles.Dispatcher }, new DataScope("/530103/530103001/"));
        var notHub = await cases.ActAsync(number, CaseLoopContract.Recall, street, new FireInput("收回"));
        Assert.Equal((Refusal.ConditionNotMet, "Cases.Guard.RecallOnlyHub"), (notHub.Refusal!.Value, notHub.Detail));
        var noReason = await cases.ActAsync(number, CaseLoopContract.Recall, Dispatcher, new FireInput());
        Assert.Equal(CaseActOutcome.Refused, noReason.Outcome);
        Assert.Equal(ForwardStatus.Sent, (await RowAsync(database)).Status);

        await ActAsync(cases, number, CaseLoopContract.Recall, Dispatcher, "市平台未受理，区内自行处置");
        var recalled = await RowAsync(database);
        Assert.Equal((ForwardStatus.Recalled, (DateTimeOffset?)null), (recalled.Status, recalled.LeaseUntil));
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            Assert.Equal(CaseLoopContract.Dispatching, await db.Cases.Where(c => c.Number == number).Select(c => c.State).SingleAsync());
        }
        await using (var scope = database.Services.CreateAsyncScope())
        {
            // The case page's "forwarded to" line goes with the recall.
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Upstreams>().ForwardOfAsync(recalled.CaseId));
        }

        // The upstream closes its copy later: nobody asks it any more, and the case stays with the district.
        _status = "closed";
        var asked = _gets.Count;
        _clock.Now += TimeSpan.FromHours(1);
        Assert.Equal(0, await forwarder.PollAsync());
        Assert.Equal(0, await forwarder.SendDueAsync());
        Assert.Equal(asked, _gets.Count);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var item = await db.Cases.SingleAsync(c => c.Number == number);
            Assert.Equal((CaseLoopContract.Dispatching, false), (item.State, await db.ProcessSteps.AnyAsync(s => s.InstanceId == item.InstanceId && s.Trigger == CaseLoopContract.UpstreamClosed)));
        }

        // Forwarded again: the one row starts over and the upstream gets a new request.
        _status = "open";
        await ActAsync(cases, number, CaseLoopContract.Forward, Dispatcher);
        var again = await RowAsync(database);
        Assert.Equal((ForwardStatus.Pending, 0, (string?)null), (again.Status, again.Attempts, again.Token));
        Assert.Equal(1, await forwarder.SendDueAsync());
        Assert.Equal(2, _posts.Count);
    }

    /// <summary>
    /// A database whose latest case loop predates 已转上级: starting up publishes the next version with it; a case that runs on
    /// the older version keeps it and cannot be forwarded, a case reported after can.
    /// </summary>
    [Fact]
    public async Task Upgrade_CaseOnTheVersionBeforeForwarding_KeepsItsVersionAndOnlyNewCasesForward()
    {
        await using var database = await DatabaseAsync(DatabaseProvider.Sqlite);
        var store = database.Get<DefinitionStore>();
        var shipped = (await store.LatestAsync(CaseLoopContract.Key))!;
        var old = shipped.Model with
        {
            States = shipped.Model.States.Where(s => s.Id != CaseLoopContract.Forwarded).ToList(),
            Transitions = shipped.Model.Transitions.Where(t => t.From != CaseLoopContract.Forwarded && t.To != CaseLoopContract.Forwarded).ToList(),
        };
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            // As an older release published it (today's validator would refuse it: the contract names 已转上级).
            db.ProcessDefinitions.Add(new ProcessDefinition { Key = old.Key, Version = shipped.Version + 1, Name = old.Name, NameEn = old.NameEn, Json = old.ToJson(), PublishedAt = _clock.Now });
            await db.SaveChangesAsync();
        }
        var before = await DispatchingCaseAsync(database);
        Assert.Equal(1, await store.SeedAsync());
        Assert.Equal(0, await store.SeedAsync());
        var latest = (await store.LatestAsync(CaseLoopContract.Key))!;
        Assert.Equal(shipped.Version + 2, latest.Version);
        Assert.Contains(latest.Model.Transitions, t => t.Trigger == CaseLoopContract.UpstreamClosed);

        await RouteAsync(database);
        var cases = database.Get<CaseService>();
        var refused = await cases.ActAsync(before, CaseLoopContract.Forward, Dispatcher, new FireInput());
        Assert.Equal(Refusal.NotPermittedInState, refused.Refusal);
        var after = await DispatchingCaseAsync(database);
        await ActAsync(cases, after, CaseLoopContract.Forward, Dispatcher);
    }

    private static async Task<ForwardedCase> RowAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await db.ForwardedCases.AsNoTracking().SingleAsync();
    }

    private static async Task<List<string>> NotesAsync(TestDatabase database, string number)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var instance = await db.Cases.Where(c => c.Number == number).Select(c => c.InstanceId).SingleAsync();
        return await db.ProcessSteps.Where(s => s.InstanceId == instance && s.Trigger == CaseLoopContract.UpstreamNote).Select(s => s.Comment!).ToListAsync();
    }
}
