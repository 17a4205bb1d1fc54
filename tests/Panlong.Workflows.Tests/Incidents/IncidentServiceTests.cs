using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Incidents;
using Panlong.Data.Workflows;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Incidents;

namespace Panlong.Workflows.Tests.Incidents;

/// <summary>Major-incident command's rules (issue 19 part 5, docs/decisions/0075-major-incident-command.md); the whole flow with its report is in the portal's tests.</summary>
public class IncidentServiceTests
{
    private const string Dongzhuang = TestEngine.Tuodong + "001";
    private static readonly WorkflowActor Lead = TestEngine.Actor("拓东值班长", Roles.ShiftLead, $"/530103/{TestEngine.Tuodong}/", "lead-tuodong");
    private static readonly WorkflowActor Acceptor = TestEngine.Actor("拓东受理员", Roles.Acceptor, $"/530103/{TestEngine.Tuodong}/", "acceptor-tuodong");
    private static readonly WorkflowActor Team = TestEngine.Actor("拓东街道队员", Roles.DepartmentHandler, $"/530103/{TestEngine.Tuodong}/", "team-tuodong");
    private static readonly WorkflowActor Housing = TestEngine.Actor("住建局处置员", Roles.DepartmentHandler, $"/530103/{TestEngine.Housing}/", "handler-housing");

    private static IncidentService Service(TestEngine engine) => engine.Database.Get<IncidentService>();

    private static async Task<CaseReport> CallAsync(TestEngine engine, string description = "东庄路口燃气管道泄漏，有异味")
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, Dongzhuang);
        var category = await db.CaseCategories.Where(c => c.IsActive).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        return new CaseReport(category, description, grid.Lat, grid.Lng, "东庄路口", null, CallerName: "王先生", CallerPhone: "13800138000");
    }

    [Fact]
    public async Task Order_GivenOnASaturdayNight_IsDueInWallClockMinutesAndTheEngineMarksItOverdue()
    {
        await using var engine = await TestEngine.StartAsync();
        // Saturday 21 March 2026, 23:00 China time: working time would not start before Monday.
        engine.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromHours(14));
        var opened = await Service(engine).OpenFromCallAsync(await CallAsync(engine), TestEngine.Tuodong, [TestEngine.Housing], Acceptor);
        Assert.True(opened.Ok, opened.Error);

        var order = await Service(engine).OrderAsync(opened.Id!.Value, TestEngine.Tuodong, "封锁路口，疏散行人", 10, Lead);

        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var row = await db.IncidentOrders.SingleAsync(o => o.Id == order.Id);
        Assert.Equal(engine.Clock.GetUtcNow().AddMinutes(10), row.DueAt);
        Assert.False(IncidentRecord.IsOverdue(row, engine.Clock.GetUtcNow().AddMinutes(9)));
        Assert.True(IncidentRecord.IsOverdue(row, engine.Clock.GetUtcNow().AddMinutes(11)));
        engine.Clock.Advance(TimeSpan.FromMinutes(11));
        await engine.NewTimerRunner().RunDueAsync();
        var task = await db.WorkTasks.AsNoTracking().SingleAsync(t => t.InstanceId == row.InstanceId && t.Status == WorkTaskStatus.Open);
        Assert.NotNull(task.OverdueAt);
    }

    [Fact]
    public async Task Raise_BadUnitsOrWrongRole_IsRefusedAndWritesNothing()
    {
        await using var engine = await TestEngine.StartAsync();
        var reported = await engine.Database.Get<CaseService>().ReportAsync(await CallAsync(engine), Acceptor);
        int before;
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            before = await db.Cases.CountAsync();
        }

        var noLead = await Service(engine).RaiseAsync(reported.Number!, null, [], Lead);
        // 鼓楼 is another street: not a unit 拓东's center may call out.
        var foreign = await Service(engine).RaiseAsync(reported.Number!, TestEngine.Tuodong, [TestEngine.Gulou], Lead);
        var notLead = await Service(engine).RaiseAsync(reported.Number!, TestEngine.Tuodong, [], Acceptor);
        var otherStreet = await Service(engine).RaiseAsync(reported.Number!, TestEngine.Gulou, [],
            TestEngine.Actor("鼓楼值班长", Roles.ShiftLead, $"/530103/{TestEngine.Gulou}/", "lead-gulou"));
        var badCall = await Service(engine).OpenFromCallAsync(await CallAsync(engine), TestEngine.Tuodong, ["nowhere"], Acceptor);

        Assert.Equal((IncidentOutcome.Invalid, "Incidents.Lead.Required"), (noLead.Outcome, noLead.Error));
        Assert.Equal((IncidentOutcome.Invalid, "Incidents.Unit.Unknown"), (foreign.Outcome, foreign.Error));
        Assert.Equal(IncidentOutcome.Refused, notLead.Outcome);
        Assert.Equal(IncidentOutcome.NotFound, otherStreet.Outcome);
        Assert.Equal("Incidents.Unit.Unknown", badCall.Errors!["units"]);
        await using var check = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(0, await check.Incidents.CountAsync());
        Assert.Equal(before, await check.Cases.CountAsync());
    }

    [Fact]
    public async Task Orders_OnlyTheOrderedUnitAcknowledges_AndAReportBackNeedsText()
    {
        await using var engine = await TestEngine.StartAsync();
        var opened = await Service(engine).OpenFromCallAsync(await CallAsync(engine), TestEngine.Housing, [TestEngine.Tuodong], Acceptor);
        var again = await Service(engine).OpenFromCallAsync(await CallAsync(engine, "同一地点再次来电：燃气泄漏"), TestEngine.Housing, [], Acceptor);
        var order = await Service(engine).OrderAsync(opened.Id!.Value, TestEngine.Housing, "关闭燃气总阀", 15, Lead);
        var tooLong = await Service(engine).OrderAsync(opened.Id!.Value, TestEngine.Housing, "关闭燃气总阀", 241, Lead);
        var byAcceptor = await Service(engine).OrderAsync(opened.Id!.Value, TestEngine.Housing, "关闭燃气总阀", 15, Acceptor);

        var wrongUnit = await Service(engine).AcknowledgeAsync(order.Id!.Value, Team);
        var acknowledged = await Service(engine).AcknowledgeAsync(order.Id!.Value, Housing);
        var twice = await Service(engine).AcknowledgeAsync(order.Id!.Value, Housing);
        var empty = await Service(engine).ReportBackAsync(order.Id!.Value, "  ", Housing);
        var reported = await Service(engine).ReportBackAsync(order.Id!.Value, "总阀已关闭，泄漏停止", Housing);

        Assert.True(again.Ok);
        Assert.NotEqual(opened.Id, again.Id);
        Assert.Equal("Incidents.Order.Minutes.Invalid", tooLong.Error);
        Assert.Equal(IncidentOutcome.NotFound, byAcceptor.Outcome);
        Assert.Equal(IncidentOutcome.NotFound, wrongUnit.Outcome);
        Assert.True(acknowledged.Ok);
        Assert.Equal(IncidentOutcome.Refused, twice.Outcome);
        Assert.Equal("Incidents.Report.Text.Invalid", empty.Error);
        Assert.True(reported.Ok);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var row = await db.IncidentOrders.SingleAsync(o => o.Id == order.Id);
        Assert.Equal((IncidentContract.Done, "住建局处置员", "总阀已关闭，泄漏停止"), (row.State, row.AcknowledgedByName, row.Report));
        IncidentEntryKind[] orderLines = [IncidentEntryKind.Order, IncidentEntryKind.Acknowledged, IncidentEntryKind.Reported];
        Assert.Equal(orderLines, await db.IncidentEntries.Where(e => e.IncidentId == opened.Id && orderLines.Contains(e.Kind)).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
    }
}
