using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Cases;
using Panlong.Data.Organization;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cases;

/// <summary>Names of the case loop's variables, shared by the definition (CaseLoop.json), the rules and the service.</summary>
public static class CaseVariables
{
    public const string Hub = "hub";
    public const string HandlingUnit = "handlingUnit";
    public const string AssistingUnits = "assistingUnits";
    public const string CheckerId = "checkerId";
    public const string SelfHandled = "selfHandled";
    public const string VerifyHours = "verifyHours";
    public const string DispatchHours = "dispatchHours";
    public const string HandleHours = "handleHours";
    public const string CheckHours = "checkHours";
    public const string CategoryHandleHours = "categoryHandleHours";
    public const string RemainingHours = "handleRemainingHours";
    public const string ExtraHours = "extraHours";

    /// <summary>The loop level of a hub's region code (<see cref="OrgPath.LevelOfCode"/>): district, street, or a community.</summary>
    public static CaseLevel LevelOf(string regionCode) => OrgPath.LevelOfCode(regionCode) switch
    {
        OrgLevel.District => CaseLevel.District,
        OrgLevel.Street => CaseLevel.Street,
        _ => CaseLevel.Community,
    };

    internal static string? Text(IReadOnlyDictionary<string, object?>? data, string key) => data is not null && data.TryGetValue(key, out var value)
        ? value switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            _ => null,
        }
        : null;

    internal static IReadOnlyList<string> List(IReadOnlyDictionary<string, object?>? data, string key) => data is not null && data.TryGetValue(key, out var value)
        ? value switch
        {
            IEnumerable<string> list => list.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct().ToList(),
            JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => x.GetString()).OfType<string>().Distinct().ToList(),
            string s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            _ => [],
        }
        : [];

    internal static double? Number(IReadOnlyDictionary<string, object?>? data, string key) => data is not null && data.TryGetValue(key, out var value)
        ? value switch
        {
            double d => d,
            int i => i,
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            string s when double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        }
        : null;

    internal static double Hours(JsonObject vars, string key) => vars[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;
}

/// <summary>Guards of the case loop; their reasons are resource keys the portal shows in the user's language.</summary>
public static class CaseGuards
{
    /// <summary>
    /// The level rules of the loop, in one place: the guards refuse by them, and the case page hides the buttons they
    /// would refuse (upward escalation at the top, push-down at the bottom, major dispatch outside the district).
    /// </summary>
    public static bool LevelAllows(string trigger, CaseLevel level) => trigger switch
    {
        CaseLoopContract.Escalate => level != CaseLevel.District,
        CaseLoopContract.PushDown => level != CaseLevel.Community,
        CaseLoopContract.DispatchMajor => level == CaseLevel.District,
        // The city platform is the district's upper level: only the district center forwards (docs/decisions/0093-open311-forwarding.md).
        CaseLoopContract.Forward => level == CaseLevel.District,
        _ => true,
    };

    public sealed class HasChecker : IWorkflowGuard
    {
        public string Name => "case-has-checker";

        public ValueTask<GuardResult> CheckAsync(WorkflowContext context) => ValueTask.FromResult(
            context.Variables[CaseVariables.CheckerId] is not null ? GuardResult.Pass : GuardResult.Fail("Cases.Guard.NeedsVerification"));
    }

    public sealed class SelfHandled : IWorkflowGuard
    {
        public string Name => "case-self-handled";

        public ValueTask<GuardResult> CheckAsync(WorkflowContext context) => ValueTask.FromResult(
            context.Variables[CaseVariables.SelfHandled] is JsonValue v && v.TryGetValue<bool>(out var b) && b ? GuardResult.Pass : GuardResult.Fail("Cases.Guard.NotSelfHandled"));
    }

    /// <summary>A district center dispatches to departments; a street sub-center to departments or its own street teams; a community station to itself.</summary>
    public sealed class DispatchTarget : IWorkflowGuard
    {
        public string Name => "case-dispatch-target";

        public async ValueTask<GuardResult> CheckAsync(WorkflowContext context)
        {
            var target = CaseVariables.Text(context.Input.Data, CaseVariables.HandlingUnit);
            var hub = context.Variables[CaseVariables.Hub]!.GetValue<string>();
            return await IsValidTargetAsync(context, hub, target) ? GuardResult.Pass : GuardResult.Fail("Cases.Guard.BadTarget");
        }

        internal static async Task<bool> IsValidTargetAsync(WorkflowContext context, string hub, string? target)
        {
            if (string.IsNullOrEmpty(target))
            {
                return false;
            }
            var (own, departments) = DispatchReach(CaseVariables.LevelOf(hub));
            if (own && target == hub)
            {
                return true;
            }
            return departments && await IsDepartment.For(context.Db)(context.Db, target);
        }

        // Every dispatch asks it: compiled once (docs/decisions/0071-the-demo-year-in-four-minutes.md).
        private static readonly CompiledPerModel<Func<Data.PanlongDbContext, string, Task<bool>>> IsDepartment = new(() =>
            EF.CompileAsyncQuery((Data.PanlongDbContext db, string code) => db.OrgUnits.Any(u => u.Code == code && u.Kind == OrgUnitKind.Department && u.IsActive)));

        /// <summary>
        /// Where a level may send work — the one rule behind this guard and the dispatcher's list of units: a community
        /// station only to itself, a street sub-center to its own teams or a department, the district center to departments.
        /// </summary>
        public static (bool OwnRegion, bool Departments) DispatchReach(CaseLevel level) => (level != CaseLevel.District, level != CaseLevel.Community);
    }

    public sealed class MajorDispatch : IWorkflowGuard
    {
        public string Name => "case-major-dispatch";

        public async ValueTask<GuardResult> CheckAsync(WorkflowContext context)
        {
            var hub = context.Variables[CaseVariables.Hub]!.GetValue<string>();
            if (!LevelAllows(CaseLoopContract.DispatchMajor, CaseVariables.LevelOf(hub)))
            {
                return GuardResult.Fail("Cases.Guard.MajorOnlyDistrict");
            }
            var lead = CaseVariables.Text(context.Input.Data, CaseVariables.HandlingUnit);
            var assisting = CaseVariables.List(context.Input.Data, CaseVariables.AssistingUnits);
            if (assisting.Count == 0 || lead is null || assisting.Contains(lead))
            {
                return GuardResult.Fail("Cases.Guard.MajorNeedsAssisting");
            }
            var all = assisting.Append(lead).ToList();
            var found = await context.Db.OrgUnits.CountAsync(u => all.Contains(u.Code) && u.Kind == OrgUnitKind.Department && u.IsActive);
            return found == all.Count ? GuardResult.Pass : GuardResult.Fail("Cases.Guard.BadTarget");
        }
    }

    /// <summary>下派: to a region directly below the current hub that contains the case's grid.</summary>
    public sealed class PushDown : IWorkflowGuard
    {
        public string Name => "case-push-down";

        public async ValueTask<GuardResult> CheckAsync(WorkflowContext context)
        {
            var hub = context.Variables[CaseVariables.Hub]!.GetValue<string>();
            var target = TargetOf(context, hub);
            if (!LevelAllows(CaseLoopContract.PushDown, CaseVariables.LevelOf(hub)) || target is null)
            {
                return GuardResult.Fail("Cases.Guard.BadPushDown");
            }
            var unit = await context.Db.OrgUnits.AsNoTracking().Include(u => u.Parent).SingleOrDefaultAsync(u => u.Code == target);
            var ok = unit is { Kind: OrgUnitKind.Street or OrgUnitKind.Community } && unit.Parent?.Code == hub
                && OrgPath.Parse(unit.ScopePath).Covers(OrgPath.Parse(context.Instance.ScopePath));
            return ok ? GuardResult.Pass : GuardResult.Fail("Cases.Guard.BadPushDown");
        }

        /// <summary>
        /// The region named in the fire, or else the one below the hub on the case's own path: a street sub-center pushes
        /// to the case's community, the district center to the case's street. The server decides, so every caller agrees.
        /// </summary>
        internal static string? TargetOf(WorkflowContext context, string hub) =>
            CaseVariables.Text(context.Input.Data, CaseVariables.Hub) ?? BelowOnPath(hub, context.Instance.ScopePath);

        private static string? BelowOnPath(string hub, string scopePath) =>
            scopePath.Trim('/').Split('/').SkipWhile(c => c != hub).Skip(1).FirstOrDefault();
    }

    public sealed class CanEscalate : IWorkflowGuard
    {
        public string Name => "case-can-escalate";

        public ValueTask<GuardResult> CheckAsync(WorkflowContext context) => ValueTask.FromResult(
            LevelAllows(CaseLoopContract.Escalate, CaseVariables.LevelOf(context.Variables[CaseVariables.Hub]!.GetValue<string>())) ? GuardResult.Pass : GuardResult.Fail("Cases.Guard.TopLevel"));
    }

    /// <summary>
    /// 申请延期: 1 to 160 working hours, and no more extensions than the case's category allows (its current setting,
    /// <see cref="CaseCategory.MaxExtensions"/>) — a unit cannot ask again and again once one was granted.
    /// </summary>
    public sealed class ExtensionHours : IWorkflowGuard
    {
        public string Name => "case-extension-hours";

        public async ValueTask<GuardResult> CheckAsync(WorkflowContext context)
        {
            if (CaseVariables.Number(context.Input.Data, CaseVariables.ExtraHours) is not (>= 1 and <= 160))
            {
                return GuardResult.Fail("Cases.Guard.ExtensionHours");
            }
            var item = await context.Db.Cases.AsNoTracking().Where(c => c.InstanceId == context.Instance.Id)
                .Select(c => new { c.ExtensionCount, c.Category!.MaxExtensions }).SingleAsync();
            return item.ExtensionCount < item.MaxExtensions ? GuardResult.Pass : GuardResult.Fail("Cases.Guard.ExtensionLimit");
        }
    }
}

/// <summary>Effects of the case loop: they change the instance's variables, which decide who works next and how long they have.</summary>
public static class CaseEffects
{
    public sealed class CheckerIsActor : IWorkflowEffect
    {
        public string Name => "case-checker-is-actor";

        public Task ExecuteAsync(WorkflowContext context)
        {
            context.Variables[CaseVariables.CheckerId] = context.Actor.UserId;
            return Task.CompletedTask;
        }
    }

    public sealed class Dispatch : IWorkflowEffect
    {
        public string Name => "case-dispatch";

        public Task ExecuteAsync(WorkflowContext context)
        {
            context.Variables[CaseVariables.HandlingUnit] = CaseVariables.Text(context.Input.Data, CaseVariables.HandlingUnit);
            var assisting = CaseVariables.List(context.Input.Data, CaseVariables.AssistingUnits);
            context.Variables[CaseVariables.AssistingUnits] = new JsonArray(assisting.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
            context.Variables[CaseVariables.HandleHours] = CaseVariables.Hours(context.Variables, CaseVariables.CategoryHandleHours);
            return Task.CompletedTask;
        }
    }

    /// <summary>下派 to the region below (<see cref="CaseGuards.PushDown.TargetOf"/>), or 上报 to the parent region.</summary>
    public sealed class MoveHub : IWorkflowEffect
    {
        public string Name => "case-move-hub";

        public async Task ExecuteAsync(WorkflowContext context)
        {
            var hub = context.Variables[CaseVariables.Hub]!.GetValue<string>();
            var target = context.Transition.Trigger == CaseLoopContract.PushDown
                ? CaseGuards.PushDown.TargetOf(context, hub)!
                : await context.Db.OrgUnits.Where(u => u.Code == hub).Select(u => u.Parent!.Code).SingleAsync();
            context.Variables[CaseVariables.Hub] = target;
        }
    }

    /// <summary>
    /// 上收: the case moves up to the actor's own region (the engine has checked that the actor stands above the unit
    /// holding the step); from then on that level owns the steps and is appraised for them (docs/decisions/0011-case-loop-levels.md).
    /// </summary>
    public sealed class TakeOver : IWorkflowEffect
    {
        public string Name => "case-take-over";

        public Task ExecuteAsync(WorkflowContext context)
        {
            context.Variables[CaseVariables.Hub] = context.Actor.Scope.RootPath!.Trim('/').Split('/')[^1];
            return Task.CompletedTask;
        }
    }

    /// <summary>督办: a reminder with the reason to whoever holds the open step; the case itself does not change.</summary>
    public sealed class Urge : IWorkflowEffect
    {
        public string Name => "case-urge";

        public Task ExecuteAsync(WorkflowContext context)
        {
            var open = context.Db.WorkTasks.Local.Where(t => t.InstanceId == context.Instance.Id && t.Status == WorkTaskStatus.Open).ToList();
            var number = context.Instance.SubjectId;
            foreach (var (task, recipient) in Outbox.TaskRecipients(open))
            {
                context.Db.OutboxMessages.Add(Outbox.Message("case.urge", recipient, $"督办：{task.Name} {number}（{context.Actor.Name}）", context.Input.Comment,
                    $"/cases/{number}", context.Now));
            }
            return Task.CompletedTask;
        }
    }

    /// <summary>Leaving 处置 for a review: remember the working time the unit had left, so the review does not eat it.</summary>
    public sealed class HoldHandling : IWorkflowEffect
    {
        public string Name => "case-hold-handling";

        public Task ExecuteAsync(WorkflowContext context)
        {
            var task = context.Db.WorkTasks.Local.Where(t => t.InstanceId == context.Instance.Id && t.State == CaseLoopContract.Handling).OrderByDescending(t => t.CreatedAt).FirstOrDefault();
            var left = task?.DueAt is { } due ? context.Calendar.WorkingTimeBetween(context.Now, due).TotalHours : 0;
            context.Variables[CaseVariables.RemainingHours] = Math.Round(left, 4);
            context.Variables[CaseVariables.ExtraHours] = CaseVariables.Number(context.Input.Data, CaseVariables.ExtraHours);
            return Task.CompletedTask;
        }
    }

    /// <summary>Back to 处置: the time left before the review, plus the extension when it was granted.</summary>
    public sealed class ResumeHandling : IWorkflowEffect
    {
        public string Name => "case-resume-handling";

        public Task ExecuteAsync(WorkflowContext context)
        {
            var hours = CaseVariables.Hours(context.Variables, CaseVariables.RemainingHours);
            if (context.Transition.Trigger == CaseLoopContract.ApproveExtension)
            {
                hours += CaseVariables.Hours(context.Variables, CaseVariables.ExtraHours);
            }
            // An overdue unit gets a deadline that is already (almost) due, so the light stays red.
            context.Variables[CaseVariables.HandleHours] = Math.Max(hours, 0.01);
            return Task.CompletedTask;
        }
    }

    /// <summary>返工: the unit gets the category's full handling time again.</summary>
    public sealed class Rework : IWorkflowEffect
    {
        public string Name => "case-rework";

        public Task ExecuteAsync(WorkflowContext context)
        {
            context.Variables[CaseVariables.HandleHours] = CaseVariables.Hours(context.Variables, CaseVariables.CategoryHandleHours);
            return Task.CompletedTask;
        }
    }
}
