using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Incidents;
using Panlong.Data.Notifications;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Incidents;
using Panlong.Portal.Features.Patrol;
using Panlong.Portal.Resources;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Incidents;
using UglyToad.PdfPig;

namespace Panlong.Portal.Tests.Features.Incidents;

/// <summary>
/// A major incident from raising to its report (issue 19 part 5, docs/decisions/0075-major-incident-command.md): the units
/// told at once at high priority, orders acknowledged and reported back, one left overdue on a fake clock, a check-in,
/// closing — and the stored report read back with PdfPig — on SQLite and PostgreSQL.
/// </summary>
public sealed class IncidentFlowTests(InstalledPdfFonts installed) : IClassFixture<InstalledPdfFonts>
{
    private const string Tuodong = "530103001";
    private const string Gulou = "530103002";
    private const string Housing = "530103-BM04";

    private static ClaimsPrincipal User(string id, string name, string role, string scope) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, id), new Claim("name", name), new Claim(ClaimTypes.Role, role), new Claim(DataScope.ScopeClaim, scope),
    ], "test"));

    private static readonly ClaimsPrincipal Lead = User("lead-tuodong", "拓东值班长", Roles.ShiftLead, $"/530103/{Tuodong}/");
    private static readonly ClaimsPrincipal Team = User("team-tuodong", "拓东街道队员", Roles.DepartmentHandler, $"/530103/{Tuodong}/");
    private static readonly ClaimsPrincipal Handler = User("handler-housing", "住建局处置员", Roles.DepartmentHandler, $"/530103/{Housing}/");
    private static readonly ClaimsPrincipal OtherLead = User("lead-gulou", "鼓楼值班长", Roles.ShiftLead, $"/530103/{Gulou}/");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Incident_RaisedOrderedAcknowledgedAndClosed_NotifiesAtHighPriorityAndStoresAReportThatReadsBack(DatabaseProvider provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 16, 1, 0, 0, TimeSpan.Zero));
        var localizer = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(SharedResource));
        await using var database = TestDatabase.For(provider, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton(new PersonalDataProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            services.AddSingleton<AuditLog>();
            services.AddPanlongWorkflows();
            services.AddSingleton<PatrolQueries>();
            services.AddSingleton<Panlong.Portal.Features.Cameras.CameraQueries>();
            services.AddSingleton<IncidentQueries>();
            services.AddSingleton(new IncidentReportRenderer(installed.Fonts, new StringLocalizer<SharedResource>(new Factory(localizer))));
        });
        await database.MigratedAsync(seed: true);
        await database.Get<CalendarProvider>().SeedAsync();
        await database.Get<DefinitionStore>().SeedAsync();
        var incidents = database.Get<IncidentService>();
        var lead = WorkflowActor.From(Lead);

        // A case reported by a grid worker, raised by the street's shift lead.
        string number;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var grid = await TestPlaces.GridAsync(db, Tuodong + "001");
            var category = await db.CaseCategories.Where(c => c.IsActive).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            var reporter = new WorkflowActor("gw-1", "网格员", new HashSet<string> { Roles.GridWorker }, new DataScope($"/530103/{Tuodong}/{Tuodong}001/"));
            number = (await database.Get<CaseService>().ReportAsync(new CaseReport(category, "东庄路口燃气管道泄漏，有异味", grid.Lat, grid.Lng, "东庄路口", null), reporter)).Number!;
        }
        var raised = await incidents.RaiseAsync(number, Housing, [Tuodong], lead);
        Assert.True(raised.Ok, raised.Error);
        var id = raised.Id!.Value;
        Assert.Equal(id, (await incidents.RaiseAsync(number, Housing, [], lead)).Id);

        var fast = await incidents.OrderAsync(id, Housing, "关闭燃气总阀", 10, lead);
        var slow = await incidents.OrderAsync(id, Tuodong, "封锁路口，疏散行人", 5, lead);
        clock.Now = clock.Now.AddMinutes(2);
        Assert.True((await incidents.AcknowledgeAsync(fast.Id!.Value, WorkflowActor.From(Handler))).Ok);
        Assert.True((await incidents.CheckInAsync(id, 25.0412, 102.7198, WorkflowActor.From(Handler))).Ok);
        clock.Now = clock.Now.AddMinutes(2);
        Assert.True((await incidents.ReportBackAsync(fast.Id!.Value, "总阀已关闭，泄漏停止", WorkflowActor.From(Handler))).Ok);
        clock.Now = clock.Now.AddMinutes(2);

        var queries = database.Get<IncidentQueries>();
        var incidentNumber = (await incidents.RecordAsync(id))!.Incident.Number;
        var room = (await queries.RoomAsync(incidentNumber, Lead))!;
        Assert.True(room.MayCommand);
        Assert.Null(await queries.RoomAsync(incidentNumber, OtherLead));
        Assert.Equal(Housing, (await queries.RoomAsync(incidentNumber, Handler))!.MyUnit);
        // The street team has not acknowledged within its five minutes: overdue (red); the department's order is done.
        var orders = room.Record.Orders.ToDictionary(o => o.Id);
        Assert.True(IncidentRecord.IsOverdue(orders[slow.Id!.Value], clock.GetUtcNow()));
        Assert.False(IncidentRecord.IsOverdue(orders[fast.Id!.Value], clock.GetUtcNow()));
        Assert.Equal(IncidentContract.Done, orders[fast.Id!.Value].State);

        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            // The call-out and the orders are high priority, addressed to each unit's handlers; they go before anything older.
            var messages = await db.OutboxMessages.AsNoTracking().Where(m => m.Topic.StartsWith("incident.")).ToListAsync();
            Assert.Equal(4, messages.Count);
            Assert.All(messages, m => Assert.Equal(OutboxPriority.High, m.Priority));
            Assert.Equal(2, messages.Count(m => m.Recipient == $"unit:{Housing}:{Roles.DepartmentHandler}"));
            Assert.Equal(2, messages.Count(m => m.Recipient == $"unit:{Tuodong}:{Roles.DepartmentHandler}"));
            var firstPending = await db.OutboxMessages.AsNoTracking().Where(m => m.DeliveredAt == null)
                .OrderByDescending(m => m.Priority).ThenBy(m => m.Id).FirstAsync();
            Assert.StartsWith("incident.", firstPending.Topic, StringComparison.Ordinal);
        }

        Assert.Equal("Incidents.Summary.Length", (await incidents.CloseAsync(id, "", lead, _ => [])).Error);
        Assert.Equal(IncidentOutcome.NotFound, (await incidents.CloseAsync(id, "泄漏已控制", WorkflowActor.From(OtherLead), _ => [])).Outcome);
        var renderer = database.Get<IncidentReportRenderer>();
        Assert.True((await incidents.CloseAsync(id, "泄漏已控制，道路恢复通行", lead, renderer.Render)).Ok);

        var record = (await incidents.RecordAsync(id))!;
        Assert.Equal(IncidentStatus.Closed, record.Incident.Status);
        Assert.Equal(IncidentContract.Withdrawn, record.Orders.Single(o => o.Id == slow.Id).State);
        Assert.Equal(
            [IncidentEntryKind.Raised, IncidentEntryKind.Notified, IncidentEntryKind.Notified, IncidentEntryKind.Order, IncidentEntryKind.Order,
                IncidentEntryKind.Acknowledged, IncidentEntryKind.CheckIn, IncidentEntryKind.Reported, IncidentEntryKind.Closed],
            record.Entries.Select(e => e.Kind));
        Assert.Null(await queries.ReportAsync(incidentNumber, OtherLead));
        Assert.NotNull(await queries.ReportAsync(incidentNumber, Handler));
        var (_, pdf) = (await queries.ReportAsync(incidentNumber, Lead))!.Value;
        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().SelectMany(p => p.Letters).Select(l => l.Value).Where(v => !string.IsNullOrWhiteSpace(v)));
        foreach (var expected in new[] { "重大突发事件处置报告", incidentNumber, number, "关闭燃气总阀", "总阀已关闭，泄漏停止", "封锁路口，疏散行人", "已撤回", "按时回报",
                     "时间线", "泄漏已控制，道路恢复通行", "25.04120,102.71980" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        await using var check = await database.Factory.CreateDbContextAsync();
        var audited = await check.AuditEntries.Where(e => e.Target == incidentNumber).Select(e => e.Action).ToListAsync();
        Assert.Equal([AuditActions.IncidentClosed, AuditActions.IncidentRaised], audited.Order());
    }

    private sealed class Factory(IStringLocalizer localizer) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => localizer;

        public IStringLocalizer Create(string baseName, string location) => localizer;
    }
}
