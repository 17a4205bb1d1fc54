using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Registry;
using Panlong.Workflows.Services;

namespace Panlong.Workflows.Tests.Services;

/// <summary>
/// 一号申请、一窗受理、一网通办 on a real database: online and walk-in applications through the window and the back
/// office (one department and a countersign), 补齐补正 and 挂起 with the clock standing still, rejections, version
/// changes, ratings with rectification, and the bad inputs a real window sees.
/// </summary>
public class ServiceApplicationTests : IAsyncLifetime
{
    private const string Tuodong = TestEngine.Tuodong;
    private const string Dongzhuang = "530103001001";
    private const string Market = "530103-BM02";
    private const string Enforcement = "530103-BM01";
    private const string Sanitation = "530103-BM10";

    private static readonly WorkflowActor Clerk = TestEngine.ClerkOf(Tuodong);
    private static readonly WorkflowActor GulouClerk = TestEngine.ClerkOf(TestEngine.Gulou, "gulou-clerk");
    private static readonly WorkflowActor MarketApprover = TestEngine.ApproverOf(Market, "market");
    private static readonly WorkflowActor EnforcementApprover = TestEngine.ApproverOf(Enforcement, "enforcement");
    private static readonly WorkflowActor SanitationApprover = TestEngine.ApproverOf(Sanitation, "sanitation");
    private static readonly WorkflowActor StreetApprover = TestEngine.ApproverOf(Tuodong, "street-approver");

    private static readonly StoredMaterial Premises = Material("经营场所使用证明");

    private TestEngine _engine = null!;
    private WorkflowActor _resident = null!;
    private WorkflowActor _business = null!;
    private string _residentId = null!;
    private string _creditCode = null!;

    private ApplicationService Applications => _engine.Database.Get<ApplicationService>();

    public async Task InitializeAsync() => await StartAsync(DatabaseProvider.Sqlite);

    private async Task StartAsync(DatabaseProvider provider)
    {
        _engine = await TestEngine.StartAsync(provider);
        var protector = _engine.Database.Get<PersonalDataProtector>();
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var grid = await db.OrgUnits.Where(u => u.ScopePath.StartsWith($"/530103/{Tuodong}/{Dongzhuang}/") && u.Kind == Data.Organization.OrgUnitKind.Grid).FirstAsync();
        _residentId = ResidentIdNumber.Create("530103", new DateOnly(1980, 5, 1), 17);
        db.People.Add(new Person
        {
            Name = "张三丰", IdCipher = protector.Encrypt(_residentId), IdHash = protector.Hash(_residentId), IdMasked = PersonalDataMask.IdNumber(_residentId),
            GridId = grid.Id, ScopePath = grid.ScopePath, Groups = SpecialGroups.Disabled, UpdatedAt = DateTimeOffset.UtcNow,
        });
        var code = _creditCode = SocialCreditCode.Create('9', "530103", "MA6K00010");
        db.LegalEntities.Add(new LegalEntity { Name = "盘龙清运有限公司", CreditCode = code, EntityType = "有限责任公司", GridId = grid.Id, ScopePath = grid.ScopePath, UpdatedAt = DateTimeOffset.UtcNow });
        var person = new PanlongUser { UserName = "zhang", DisplayName = "张三丰", IdCipher = protector.Encrypt(_residentId), IdHash = protector.Hash(_residentId),
            IdentityVerifiedAt = DateTimeOffset.UtcNow };
        var company = new PanlongUser { UserName = "qingyun", DisplayName = "盘龙清运有限公司", CreditCode = code, IdentityVerifiedAt = DateTimeOffset.UtcNow };
        db.Users.AddRange(person, company);
        await db.SaveChangesAsync();
        _resident = TestEngine.Actor("张三丰", Roles.Resident, null, person.Id);
        _business = TestEngine.Actor("盘龙清运有限公司", Roles.Resident, null, company.Id);
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private static StoredMaterial Material(string name) => new(name, name + ".pdf", "application/pdf", 2048, $"materials/{Guid.NewGuid():N}.pdf", new string('a', 64));

    private static Dictionary<string, string?> SoleTraderForm(string id) => new()
    {
        ["name"] = "张三丰", ["idNumber"] = id, ["phone"] = "13800001234", ["businessScope"] = "日用百货零售", ["premises"] = "拓东路 1 号",
    };

    private async Task<string> SubmitSoleTraderAsync(string? clientKey = null)
    {
        var result = await Applications.SubmitAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), Tuodong, clientKey, Materials: [Premises]), _resident);
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
        return result.Number!;
    }

    private async Task ActAsync(string number, string trigger, WorkflowActor actor, string? comment = null, IReadOnlyList<StoredMaterial>? materials = null)
    {
        var result = await Applications.ActAsync(number, trigger, actor, comment, materials);
        Assert.True(result.Outcome == ApplicationActOutcome.Done, $"{trigger} by {actor.Name}: {result.Refusal} {result.Detail}");
    }

    private async Task<ServiceApplication> LoadAsync(string number)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.ServiceApplications.Include(a => a.Materials).SingleAsync(a => a.Number == number);
    }

    private async Task<List<ApplicationDocument>> DocumentsAsync(string number)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.ApplicationDocuments.Where(d => d.Application!.Number == number).OrderBy(d => d.Id).ToListAsync();
    }

    private async Task<List<string>> EventsAsync(string number)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var id = await db.ServiceApplications.Where(a => a.Number == number).Select(a => a.Id).SingleAsync();
        return await db.ApplicationEvents.Where(e => e.ApplicationId == id).OrderBy(e => e.Id).Select(e => e.Kind + ":" + e.Text).ToListAsync();
    }

    private WorkingCalendar Calendar => _engine.Database.Get<CalendarProvider>().GetAsync().GetAwaiter().GetResult();

    [Fact]
    public async Task SimpleItem_FromOnlineSubmissionThroughWindowAndDepartment_EndsWithACertificate()
    {
        var number = await SubmitSoleTraderAsync();
        Assert.Matches(@"^BJ20260316\d{5}$", number);
        var submitted = await LoadAsync(number);
        Assert.Equal(ApprovalContract.Submitted, submitted.State);
        Assert.Equal(ApplicationOutcome.InProgress, submitted.Outcome);
        Assert.Equal(1, submitted.ServiceVersion);
        Assert.Equal(Market, submitted.ApprovingUnitCodes);
        // Promised 3 working days from Monday 09:00 → Thursday 17:30 (the third working day after receipt).
        Assert.Equal(new DateTimeOffset(2026, 3, 19, 17, 30, 0, ChinaTime.Offset), submitted.DueAt);
        // The ID card was not uploaded: the population registry confirmed it, and the approver sees that.
        var facts = JsonSerializer.Deserialize<List<VerifiedFact>>(submitted.VerifiedFacts, ServiceItem.Json)!;
        Assert.Contains(facts, f => f.Fact == RegistryFacts.PersonIdNumber && f.Source == "人口库");
        Assert.DoesNotContain(submitted.Materials, m => m.MaterialName == "居民身份证");
        Assert.Contains(_residentId[..6], submitted.FormDisplay, StringComparison.Ordinal);
        Assert.DoesNotContain(_residentId, submitted.FormDisplay, StringComparison.Ordinal);
        Assert.DoesNotContain(_residentId, submitted.FormCipher, StringComparison.Ordinal);
        Assert.Equal(_residentId, Applications.FormValues(submitted)["idNumber"]);

        _engine.Clock.Advance(TimeSpan.FromHours(1));
        await ActAsync(number, ApprovalContract.Accept, Clerk);
        _engine.Clock.Advance(TimeSpan.FromHours(2));
        await ActAsync(number, ApprovalContract.Approve, MarketApprover, "符合设立条件");

        var done = await LoadAsync(number);
        Assert.Equal(ApplicationOutcome.Approved, done.Outcome);
        Assert.True(done.OnTime);
        // Finished on the day of receipt, which does not count (受理之日起, like the deadline).
        Assert.Equal(0, done.WorkingDaysUsed);
        var documents = await DocumentsAsync(number);
        Assert.Equal([ServiceDocumentKind.Receipt, ServiceDocumentKind.AcceptanceNotice, ServiceDocumentKind.Certificate], documents.Select(d => d.Kind));
        Assert.Equal("准予行政许可决定书", documents[2].Title);
        Assert.Contains("符合设立条件", documents[2].Content, StringComparison.Ordinal);
        Assert.Equal(3, documents.Select(d => d.VerifyCode).Distinct().Count());
        var events = await EventsAsync(number);
        Assert.Contains(events, e => e.StartsWith("RegistryVerified:", StringComparison.Ordinal));
        // 就近办: the street window received it and handed it to the district's market regulator.
        Assert.Contains(events, e => e.StartsWith("Forwarded:就近办：拓东街道 受理后转 ", StringComparison.Ordinal));
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Registry.Lookup" && a.Target == PersonalDataMask.IdNumber(_residentId)));
    }

    [Fact]
    public async Task CountersignItem_NeedsBothDepartments_AndADenialByOneEndsIt()
    {
        var form = new Dictionary<string, string?> { ["entityName"] = "盘龙清运有限公司", ["phone"] = "0871-63110000", ["site"] = "拓东路工地", ["volume"] = "120", ["destination"] = "东郊消纳场" };
        var item = await ItemAsync("XK-00203");
        foreach (var field in item.FieldList.Where(f => !form.ContainsKey(f.Key)))
        {
            form[field.Key] = field.Type switch { FieldType.Number => "10", FieldType.Select => field.Options![0], FieldType.CreditCode => _creditCode, _ => "内容" };
        }
        var materials = item.MaterialList.Where(m => m.Mandatory && m.RegistryFact is null).Select(m => Material(m.Name)).ToList();
        var first = await Applications.SubmitAsync(new ApplicationInput("XK-00203", form, Tuodong, null, Materials: materials), _business);
        Assert.True(first.Ok, string.Join("; ", first.Errors.Select(e => $"{e.Key}={e.Value}")));
        var second = await Applications.SubmitAsync(new ApplicationInput("XK-00203", form, Tuodong, null, Materials: materials), _business);

        await ActAsync(first.Number!, ApprovalContract.Accept, Clerk);
        Assert.Equal($"{Enforcement},{Sanitation}", (await LoadAsync(first.Number!)).ApprovingUnitCodes);
        await ActAsync(first.Number!, ApprovalContract.Approve, EnforcementApprover);
        Assert.Equal("Countersign", (await LoadAsync(first.Number!)).State);
        var again = await Applications.ActAsync(first.Number!, ApprovalContract.Approve, EnforcementApprover, null);
        Assert.Equal(Refusal.AlreadyActed, again.Refusal);
        await ActAsync(first.Number!, ApprovalContract.Approve, SanitationApprover);
        var approved = await LoadAsync(first.Number!);
        Assert.Equal(ApplicationOutcome.Approved, approved.Outcome);
        Assert.Contains((await DocumentsAsync(first.Number!)), d => d.Kind == ServiceDocumentKind.Certificate && d.Content.Contains("并联审批部门", StringComparison.Ordinal));

        await ActAsync(second.Number!, ApprovalContract.Accept, Clerk);
        await ActAsync(second.Number!, ApprovalContract.Approve, SanitationApprover);
        await ActAsync(second.Number!, ApprovalContract.Deny, EnforcementApprover, "消纳场所不具备接收能力");
        var denied = await LoadAsync(second.Number!);
        Assert.Equal(ApplicationOutcome.Denied, denied.Outcome);
        Assert.Contains(await DocumentsAsync(second.Number!), d => d.Kind == ServiceDocumentKind.DenialNotice && d.Content.Contains("消纳场所不具备接收能力", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SupplementAndSuspension_StopTheClock_DeadlineMovesByTheWorkingTimeTheyStoodStill()
    {
        var number = await SubmitSoleTraderAsync();
        var due = (await LoadAsync(number)).DueAt!.Value;
        _engine.Clock.Advance(TimeSpan.FromHours(1));
        await ActAsync(number, ApprovalContract.RequestSupplement, Clerk, "经营场所使用证明须加盖产权单位公章\n补充房屋租赁合同");
        var waiting = await LoadAsync(number);
        Assert.Equal(ApprovalContract.Supplementing, waiting.State);
        Assert.NotNull(waiting.PausedAt);
        var notice = (await DocumentsAsync(number)).Single(d => d.Kind == ServiceDocumentKind.SupplementNotice);
        Assert.Contains("1. 经营场所使用证明须加盖产权单位公章", notice.Content, StringComparison.Ordinal);
        Assert.Contains("2. 补充房屋租赁合同", notice.Content, StringComparison.Ordinal);

        // The resident comes back two working days later (Monday 10:00 → Wednesday 10:00).
        _engine.Clock.Advance(TimeSpan.FromDays(2));
        await ActAsync(number, ApprovalContract.Resubmit, _resident, null, [Material("房屋租赁合同")]);
        var back = await LoadAsync(number);
        Assert.Null(back.PausedAt);
        // 13 working hours stood still; the deadline moves by all of them, the count of days used only by those after Monday.
        Assert.Equal(7.5 * 60, back.PausedMinutes);
        Assert.Equal(Calendar.AddWorkingTime(due, TimeSpan.FromHours(13)), back.DueAt);
        Assert.Contains(back.Materials, m => m.MaterialName == "房屋租赁合同" && m.IsSupplement);

        await ActAsync(number, ApprovalContract.Accept, Clerk);
        _engine.Clock.Advance(TimeSpan.FromHours(1));
        await ActAsync(number, ApprovalContract.Suspend, MarketApprover, "等待场所核查结果");
        _engine.Clock.Advance(TimeSpan.FromDays(1));
        await ActAsync(number, ApprovalContract.Resume, MarketApprover);
        await ActAsync(number, ApprovalContract.Approve, MarketApprover);
        var done = await LoadAsync(number);
        Assert.Equal((7.5 + 6.5) * 60, done.PausedMinutes);
        Assert.Equal(Calendar.AddWorkingTime(due, TimeSpan.FromHours(13 + 6.5)), done.DueAt);
        // Counted from Monday 17:30 to Thursday 11:00: 15 working hours, of which 14 stood still.
        Assert.Equal(Math.Round(1 / 6.5, 2), done.WorkingDaysUsed);
        Assert.True(done.OnTime);
    }

    [Fact]
    public async Task WindowRejectionWithAReason_RatedBad_OpensARectificationDueIn15WorkingDays()
    {
        var number = await SubmitSoleTraderAsync();
        var early = await Applications.RateAsync(number, 5, Dimensions(5), null, _resident);
        Assert.Equal("Services.Rating.NotFinished", early.Problem);
        Assert.Equal(Refusal.CommentRequired, (await Applications.ActAsync(number, ApprovalContract.Reject, Clerk, " ")).Refusal);
        await ActAsync(number, ApprovalContract.Reject, Clerk, "申请人已在其他区登记个体工商户");
        var rejected = await LoadAsync(number);
        Assert.Equal(ApplicationOutcome.Rejected, rejected.Outcome);
        Assert.Contains(await DocumentsAsync(number), d => d.Kind == ServiceDocumentKind.RejectionNotice && d.Content.Contains("申请人已在其他区登记个体工商户", StringComparison.Ordinal));

        Assert.Equal("Services.Rating.CommentRequired", (await Applications.RateAsync(number, 1, Dimensions(1), null, _resident)).Problem);
        Assert.Equal("Refusal.NotFound", (await Applications.RateAsync(number, 1, Dimensions(1), "不满意", _business)).Problem);
        var rated = await Applications.RateAsync(number, 1, Dimensions(2), "窗口未说明可以补正", _resident);
        Assert.True(rated.Ok, rated.Problem);
        Assert.Equal("Services.Rating.AlreadyRated", (await Applications.RateAsync(number, 5, Dimensions(5), null, _resident)).Problem);

        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            var rating = await db.ServiceRatings.SingleAsync(r => r.Application!.Number == number);
            Assert.Equal(Tuodong, rating.RectifyUnitCode);
            Assert.Equal(Calendar.AddWorkingDays(_engine.Clock.GetUtcNow(), 15), rating.RectifyDueAt);
            var task = await db.WorkTasks.SingleAsync(t => t.InstanceId == rating.RectificationInstanceId && t.Status == WorkTaskStatus.Open);
            Assert.Equal(Roles.Approver, task.Role);
        }
        Assert.Equal(ApplicationActOutcome.Refused, (await Applications.AnswerRatingAsync(number, "已整改", TestEngine.ApproverOf(TestEngine.Gulou))).Outcome);
        var answered = await Applications.AnswerRatingAsync(number, "已对窗口人员开展告知承诺培训", StreetApprover);
        Assert.Equal(ApplicationActOutcome.Done, answered.Outcome);
        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            var rating = await db.ServiceRatings.SingleAsync(r => r.Application!.Number == number);
            Assert.NotNull(rating.RectifiedAt);
            Assert.Equal("已对窗口人员开展告知承诺培训", rating.RectificationAnswer);
        }
    }

    [Fact]
    public async Task RunningApplication_WhenTheItemChanges_KeepsItsItemVersion()
    {
        var running = await SubmitSoleTraderAsync();
        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            var v1 = await db.ServiceItems.SingleAsync(s => s.Code == "XK-00201" && s.IsCurrent);
            v1.IsCurrent = false;
            db.ServiceItems.Add(new ServiceItem
            {
                Code = v1.Code, Version = 2, IsCurrent = true, Name = v1.Name, Kind = v1.Kind, Level = v1.Level, DepartmentCode = v1.DepartmentCode,
                LegalDays = v1.LegalDays, PromisedDays = 1, Basis = v1.Basis, Conditions = v1.Conditions, Audience = v1.Audience, Materials = v1.Materials,
                Fields = v1.Fields, ProcessKey = v1.ProcessKey, PublishedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var fresh = await SubmitSoleTraderAsync();
        await ActAsync(running, ApprovalContract.Accept, Clerk);
        await ActAsync(running, ApprovalContract.Approve, MarketApprover);
        var old = await LoadAsync(running);
        var next = await LoadAsync(fresh);
        Assert.Equal(1, old.ServiceVersion);
        Assert.Equal(2, next.ServiceVersion);
        Assert.Equal(new DateTimeOffset(2026, 3, 19, 17, 30, 0, ChinaTime.Offset), old.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 17, 17, 30, 0, ChinaTime.Offset), next.DueAt);
        Assert.Contains("承诺办结时限为 3 个工作日", (await DocumentsAsync(running)).Single(d => d.Kind == ServiceDocumentKind.AcceptanceNotice).Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_WhenSubmitted_UsesTheItemAsItIsNow()
    {
        var draft = await Applications.SaveDraftAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), Tuodong, null, Materials: [Premises]), _resident);
        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            var v1 = await db.ServiceItems.SingleAsync(s => s.Code == "XK-00201" && s.IsCurrent);
            v1.IsCurrent = false;
            db.ServiceItems.Add(new ServiceItem
            {
                Code = v1.Code, Version = 2, IsCurrent = true, Name = v1.Name, Kind = v1.Kind, Level = v1.Level, DepartmentCode = v1.DepartmentCode,
                LegalDays = v1.LegalDays, PromisedDays = v1.PromisedDays, Basis = v1.Basis, Conditions = v1.Conditions, Audience = v1.Audience,
                Materials = JsonSerializer.Serialize(v1.MaterialList.Append(new MaterialSpec("从业人员健康证明", true, MaterialForm.Copy)), ServiceItem.Json),
                Fields = v1.Fields, ProcessKey = v1.ProcessKey, PublishedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var refused = await Applications.SubmitAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), Tuodong, null, draft.Id), _resident);
        Assert.Equal("Services.Material.Missing", refused.Errors["material:从业人员健康证明"]);
        var submitted = await Applications.SubmitAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), Tuodong, null, draft.Id,
            [Material("从业人员健康证明")]), _resident);
        Assert.True(submitted.Ok, string.Join("; ", submitted.Errors.Select(e => $"{e.Key}={e.Value}")));
        Assert.Equal(2, (await LoadAsync(submitted.Number!)).ServiceVersion);
    }

    [Fact]
    public async Task BadInput_IsRefusedWithAReason_AndNothingIsCreated()
    {
        var badId = _residentId[..17] + (_residentId[17] == '1' ? '2' : '1');
        var walkIn = await Applications.SubmitAsync(new ApplicationInput("XK-00201", SoleTraderForm(badId), null, null, Materials: [Premises],
            WalkIn: new WalkInApplicant("张三丰", badId, null)), Clerk);
        Assert.Equal("Registry.IdNumber.WrongCheckCharacter", walkIn.Errors["applicantId"]);
        Assert.Equal("Registry.IdNumber.WrongCheckCharacter", walkIn.Errors["idNumber"]);

        var missing = await Applications.SubmitAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), Tuodong, null), _resident);
        Assert.Equal("Services.Material.Missing", missing.Errors["material:经营场所使用证明"]);
        var noWindow = await Applications.SubmitAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), Market, null, Materials: [Premises]), _resident);
        Assert.Equal("Services.Window.Required", noWindow.Errors["window"]);
        var wrongAccount = await Applications.SubmitAsync(new ApplicationInput("XK-00203", new Dictionary<string, string?>(), Tuodong, null), _resident);
        Assert.Equal("Services.Applicant.NeedsEntity", wrongAccount.Errors[""]);
        var notAClerk = await Applications.SubmitAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), null, null, WalkIn: new("张三丰", _residentId, null)), _resident);
        Assert.Equal("Refusal.NotAllowedForRole", notAClerk.Errors[""]);

        // Two clicks of the same form: one application.
        var key = Guid.NewGuid().ToString("N");
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Applications.SubmitAsync(
            new ApplicationInput("XK-00201", SoleTraderForm(_residentId), Tuodong, key, Materials: [Premises]), _resident)));
        Assert.Single(results.Select(r => r.Number).Distinct());
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.ServiceApplications.CountAsync());

        // A clerk of Gulou street cannot act on Tuodong's window.
        var number = results[0].Number!;
        Assert.Equal(ApplicationActOutcome.NotFound, (await Applications.ActAsync(number, ApprovalContract.Accept, GulouClerk, null)).Outcome);
        Assert.Equal(Refusal.NotAllowedForRole, (await Applications.ActAsync(number, ApprovalContract.Accept, _resident, null)).Refusal);
        Assert.Equal(ApprovalContract.Submitted, (await LoadAsync(number)).State);
    }

    [Fact]
    public async Task Submit_OfAnEmptyForm_NamesEveryMissingFieldAndMaterialAtOnce()
    {
        var result = await Applications.SubmitAsync(new ApplicationInput("XK-00201", new Dictionary<string, string?>(), Tuodong, null), _resident);

        Assert.False(result.Ok);
        foreach (var key in new[] { "phone", "businessScope", "premises", "material:经营场所使用证明" })
        {
            Assert.True(result.Errors.ContainsKey(key), $"{key} not flagged: {string.Join("; ", result.Errors.Keys)}");
        }
        // The ID card is the population registry's to confirm, so it is not asked for.
        Assert.False(result.Errors.ContainsKey("material:居民身份证"));
        Assert.False(result.Errors.ContainsKey("tradeName"));
    }

    [Fact]
    public async Task StreetItem_IsDecidedWhereTheGuideSays_AndTheStreetsApproverGetsTheTask()
    {
        // 临时救助 is the civil affairs bureau's item, but a street item: the window's street decides it (issue 16).
        var form = new Dictionary<string, string?> { ["name"] = "张三丰", ["idNumber"] = _residentId, ["phone"] = "13800001234", ["reason"] = "家中失火" };
        var result = await Applications.SubmitAsync(new ApplicationInput("JF-00102", form, Tuodong, null, Materials: [Material("困难情况说明及相关证明")]), _resident);
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
        var number = result.Number!;
        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            var item = await db.ServiceItems.SingleAsync(s => s.Code == "JF-00102" && s.IsCurrent);
            Assert.Equal(Decider.WindowStreet, ApplicationRouting.DeciderOf(item));
            var route = await ApplicationRouting.RouteAsync(db, item, Tuodong, null, default);
            Assert.Equal((await LoadAsync(number)).ApprovingUnitCodes, string.Join(',', route!.DecidingCodes));
        }
        Assert.Equal(Tuodong, (await LoadAsync(number)).ApprovingUnitCodes);

        await ActAsync(number, ApprovalContract.Accept, Clerk);
        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            var instance = (await LoadAsync(number)).InstanceId;
            var task = await db.WorkTasks.SingleAsync(t => t.InstanceId == instance && t.Status == Data.Workflows.WorkTaskStatus.Open);
            Assert.Equal(Roles.Approver, task.Role);
            Assert.StartsWith(StreetApprover.Scope.RootPath!, task.ScopePath, StringComparison.Ordinal);
        }
        var civilAffairs = TestEngine.ApproverOf("530103-BM06", "civil-affairs");
        Assert.NotEqual(ApplicationActOutcome.Done, (await Applications.ActAsync(number, ApprovalContract.Approve, civilAffairs, null)).Outcome);
        await ActAsync(number, ApprovalContract.Approve, StreetApprover, "情况属实");
        Assert.Equal(ApplicationOutcome.Approved, (await LoadAsync(number)).Outcome);
    }

    [Fact]
    public async Task Registry_DecidesItsOwnFields_AndANumberWithTheWrongNameOpensNothing()
    {
        var typedOver = SoleTraderForm(_residentId);
        typedOver["name"] = "张三";
        var result = await Applications.SubmitAsync(new ApplicationInput("XK-00201", typedOver, Tuodong, null, Materials: [Premises]), _resident);
        Assert.True(result.Ok);
        Assert.Contains("张三丰", (await LoadAsync(result.Number!)).FormDisplay, StringComparison.Ordinal);

        // A walk-in with someone's number but another name: no registry facts, so the ID card must be handed in.
        var stranger = await Applications.SubmitAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), null, null, Materials: [Premises],
            WalkIn: new WalkInApplicant("王五", _residentId, null)), Clerk);
        Assert.Equal("Services.Material.Missing", stranger.Errors["material:居民身份证"]);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Registry.Lookup" && a.Detail!.Contains("姓名与登记不符")));
    }

    [Fact]
    public async Task SubmittedApplication_DraftSaveFromAnotherTab_DoesNotRewriteIt()
    {
        var draft = await Applications.SaveDraftAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), Tuodong, null, Materials: [Premises]), _resident);
        var submitted = await Applications.SubmitAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), Tuodong, null, draft.Id), _resident);
        var before = await LoadAsync(submitted.Number!);
        var changed = SoleTraderForm(_residentId);
        changed["premises"] = "另一个地址";
        var late = await Applications.SaveDraftAsync(new ApplicationInput("XK-00201", changed, TestEngine.Gulou, null, draft.Id, [Material("另一份材料")]), _resident);
        Assert.True(late.Duplicate);
        var after = await LoadAsync(submitted.Number!);
        Assert.Equal((before.FormCipher, before.WindowUnitCode, before.Materials.Count), (after.FormCipher, after.WindowUnitCode, after.Materials.Count));
        var tooLong = await Applications.ActAsync(submitted.Number!, ApprovalContract.Reject, Clerk, new string('长', ApplicationService.MaxCommentLength + 1));
        Assert.Equal("Services.Comment.TooLong", tooLong.Detail);
    }

    [Fact]
    public async Task Draft_KeepsWhatWasTypedEvenWhenWrong_AndSubmitsLaterUnderTheSameRecord()
    {
        var values = SoleTraderForm("53010319800501001X");
        values["phone"] = "12";
        var draft = await Applications.SaveDraftAsync(new ApplicationInput("XK-00201", values, Tuodong, null, Materials: [Premises]), _resident);
        Assert.NotNull(draft.Id);
        Assert.Equal("Registry.Phone.Invalid", draft.Errors["phone"]);
        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            var saved = await db.ServiceApplications.Include(a => a.Materials).SingleAsync(a => a.Id == draft.Id);
            Assert.Equal(ApplicationOutcome.Draft, saved.Outcome);
            Assert.Null(saved.Number);
            Assert.Equal("12", Applications.FormValues(saved)["phone"]);
            Assert.Single(saved.Materials);
        }
        Assert.Equal("Refusal.NotFound", (await Applications.SaveDraftAsync(new ApplicationInput("XK-00201", values, Tuodong, null, draft.Id), _business)).Errors[""]);
        var submitted = await Applications.SubmitAsync(new ApplicationInput("XK-00201", SoleTraderForm(_residentId), Tuodong, null, draft.Id), _resident);
        Assert.True(submitted.Ok, string.Join("; ", submitted.Errors.Select(e => $"{e.Key}={e.Value}")));
        Assert.Equal(draft.Id, submitted.Id);
        var application = await LoadAsync(submitted.Number!);
        Assert.Single(application.Materials);
    }

    [Fact]
    public async Task WalkInForAnAccountHolder_ShowsInTheirApplications_AndACommunityItemGoesToTheirCommunity()
    {
        var form = new Dictionary<string, string?> { ["name"] = "张三丰", ["idNumber"] = _residentId, ["phone"] = "13800001234", ["address"] = "东庄", ["purpose"] = "入学" };
        var result = await Applications.SubmitAsync(new ApplicationInput("QR-00001", form, null, null, WalkIn: new("张三丰", _residentId, null)), Clerk);
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
        var application = await LoadAsync(result.Number!);
        Assert.Equal(ApplicationChannel.WalkIn, application.Channel);
        Assert.Equal(_resident.UserId, application.ApplicantUserId);
        Assert.Equal(Tuodong, application.WindowUnitCode);
        Assert.Equal(Dongzhuang, application.ApprovingUnitCodes);
        await ActAsync(result.Number!, ApprovalContract.Accept, Clerk);
        await ActAsync(result.Number!, ApprovalContract.Approve, TestEngine.ApproverOf($"{Tuodong}/{Dongzhuang}", "community"));
        Assert.Equal(ApplicationOutcome.Approved, (await LoadAsync(result.Number!)).Outcome);
    }

    [Fact]
    public async Task AccountNotYetProven_GetsNoRegistryFacts_AndNoWalkInIsLinkedToIt()
    {
        // docs/decisions/0029-registration-second-factor.md: a name and a number are not proof of being the person.
        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == _resident.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IdentityVerifiedAt, (DateTimeOffset?)null));
        }
        var prefill = await Applications.PrefillAsync(await ItemAsync("QR-00001"), _resident, null);
        var form = new Dictionary<string, string?> { ["name"] = "张三丰", ["idNumber"] = _residentId, ["phone"] = "13800001234", ["address"] = "东庄", ["purpose"] = "入学" };
        var walkIn = await Applications.SubmitAsync(new ApplicationInput("QR-00001", form, null, null, WalkIn: new("张三丰", _residentId, null)), Clerk);

        Assert.Empty(prefill.Facts);
        Assert.Empty(prefill.Prefill);
        Assert.True(walkIn.Ok, string.Join("; ", walkIn.Errors.Select(e => $"{e.Key}={e.Value}")));
        Assert.Null((await LoadAsync(walkIn.Number!)).ApplicantUserId);
    }

    [Fact]
    public async Task Decision_OnAVersionAnotherClerkDecided_IsRefusedAndLeavesNoAuditRow()
    {
        var number = await SubmitSoleTraderAsync();
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var instance = (await LoadAsync(number)).InstanceId;
        // Both clerks of the window opened the application at this version.
        var seen = await db.ProcessInstances.Where(i => i.Id == instance).Select(i => i.Version).SingleAsync();
        var otherClerk = TestEngine.ClerkOf(Tuodong, "clerk-b");

        var accepted = await Applications.ActAsync(number, ApprovalContract.Accept, Clerk, "材料齐全", seenVersion: seen);
        var stale = await Applications.ActAsync(number, ApprovalContract.Reject, otherClerk, "不符合条件", seenVersion: seen);

        Assert.Equal(ApplicationActOutcome.Done, accepted.Outcome);
        Assert.Equal((ApplicationActOutcome.Refused, Refusal.ChangedBySomeoneElse), (stale.Outcome, stale.Refusal));
        // Submission and acceptance are audited once each, in their own transactions; the stale rejection not at all.
        var audit = await db.AuditEntries.Where(a => a.Target == number).Select(a => a.Action).OrderBy(a => a).ToListAsync();
        Assert.Equal(["Application.Accept", "Application.Submit"], audit);
    }

    [Fact]
    public async Task WholePath_OnPostgreSQL_Runs()
    {
        await _engine.DisposeAsync();
        await StartAsync(DatabaseProvider.Postgres);
        var number = await SubmitSoleTraderAsync();
        await ActAsync(number, ApprovalContract.RequestSupplement, Clerk, "补充材料");
        _engine.Clock.Advance(TimeSpan.FromHours(26));
        await ActAsync(number, ApprovalContract.Resubmit, _resident);
        await ActAsync(number, ApprovalContract.Accept, Clerk);
        await ActAsync(number, ApprovalContract.Approve, MarketApprover);
        var done = await LoadAsync(number);
        Assert.Equal(ApplicationOutcome.Approved, done.Outcome);
        Assert.Equal(120, done.PausedMinutes);
        Assert.True((await Applications.RateAsync(number, 2, Dimensions(2), "等待时间长", _resident)).Ok);
    }

    private static Dictionary<string, int> Dimensions(int score) => ServiceRating.DimensionNames.ToDictionary(d => d, _ => score);

    private async Task<ServiceItem> ItemAsync(string code)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.ServiceItems.SingleAsync(s => s.Code == code && s.IsCurrent);
    }
}
