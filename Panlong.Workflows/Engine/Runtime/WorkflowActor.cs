using System.Runtime.CompilerServices;
using System.Security.Claims;
using Panlong.Data.Identity;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Tasks;

namespace Panlong.Workflows.Engine.Runtime;

/// <summary>Who fires a trigger: their roles and data scope decide what they may do.</summary>
public sealed record WorkflowActor(string? UserId, string Name, IReadOnlySet<string> Roles, DataScope Scope)
{
    /// <summary>The timer runner: may fire only transitions that name the System role; sees everything.</summary>
    public static readonly WorkflowActor System = new(null, "系统", new HashSet<string> { ProcessModel.SystemRole }, new DataScope("/"));

    public bool IsSystem => Roles.Contains(ProcessModel.SystemRole);

    /// <summary>Whether the actor holds one of the roles of a comma list such as <see cref="Data.Identity.Roles.RegistryEditors"/>.</summary>
    public bool HoldsAny(string roles) => roles.Split(',').Any(Roles.Contains);

    /// <summary>
    /// Whether the actor may do an open task's work: the person it is assigned to, or a holder of its role IN the unit the
    /// task names (the actor's scope root is that unit's path) — not anyone whose scope merely covers it. A higher level
    /// steps in only by an oversight transition such as 上收 (docs/decisions/0011-case-loop-levels.md).
    /// </summary>
    public bool CanTake(WorkTask task) => Compiled.Of(this).Does(task);

    /// <summary>Whether the actor stands above the units that hold the work: their scope covers each one's and is none of them.</summary>
    public bool IsAbove(IReadOnlyCollection<WorkTask> openTasks) => openTasks.Count > 0 && openTasks.All(Compiled.Of(this).Below);

    public static WorkflowActor From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier),
        user.FindFirstValue("name") ?? user.Identity?.Name ?? "",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(),
        DataScope.For(user));

    /// <summary>
    /// <see cref="TaskActors"/>' rules compiled once per actor object, not at every check (docs/decisions/0042-what-the-engine-keeps.md).
    /// Kept beside the actor rather than in a field, so the record's equality and its <c>with</c> copies never see or carry it.
    /// </summary>
    private sealed class Compiled(WorkflowActor actor)
    {
        private static readonly ConditionalWeakTable<WorkflowActor, Compiled> ByActor = [];

        public Func<WorkTask, bool> Does { get; } = TaskActors.Does(actor).Compile(preferInterpretation: true);

        public Func<WorkTask, bool> Below { get; } = TaskActors.Below(actor).Compile(preferInterpretation: true);

        public static Compiled Of(WorkflowActor actor) => ByActor.GetValue(actor, a => new Compiled(a));
    }
}

/// <summary>What a process is about: its type and id, and the org unit it belongs to (for scope and assignment).</summary>
public sealed record WorkflowSubject(string Type, string Id, string OrgUnitCode);

/// <summary>What comes with a trigger: a comment, attachment references and form data merged into the variables.</summary>
public sealed record FireInput(string? Comment = null, IReadOnlyList<string>? Attachments = null, IReadOnlyDictionary<string, object?>? Data = null);

/// <summary>A button the actor may press now.</summary>
public sealed record PermittedTrigger(string Trigger, string Name, bool RequiresComment, bool RequiresAttachment, string? NameEn = null)
{
    /// <summary>The action's name in the reader's language (docs/decisions/0038-localized-names.md).</summary>
    public Panlong.Data.LocalizedName DisplayName => new(Name, NameEn);
}

public enum Refusal
{
    NotFound,
    NotPermittedInState,
    NotAllowedForRole,
    NotInScope,
    ConditionNotMet,
    CommentRequired,
    AttachmentRequired,
    ChangedBySomeoneElse,
    ClaimedBySomeoneElse,
    AlreadyActed,
}

/// <summary>The outcome of a fire. A refusal changes nothing and says why; <see cref="Detail"/> carries a guard's reason.</summary>
public sealed record FireResult(bool Ok, Refusal? Refusal, string? Detail, string? State, Guid? Version, bool Moved)
{
    public static FireResult Done(string state, Guid version, bool moved) => new(true, null, null, state, version, moved);

    public static FireResult Refused(Refusal refusal, string? detail = null) => new(false, refusal, detail, null, null, false);
}
