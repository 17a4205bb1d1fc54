using System.Diagnostics;
using Panlong.Data.Workflows;

namespace Panlong.Workflows.Engine.Runtime;

/// <summary>
/// The engine's own trace: one activity per fire, tagged with the process, trigger, states and outcome — names from the
/// definition, never who fired it or what the subject says (no personal data in telemetry, docs/operations.md).
/// </summary>
public static class EngineTelemetry
{
    public const string Name = "Panlong.Workflows";

    public static readonly ActivitySource Source = new(Name);

    internal static Activity? StartFire(string trigger)
    {
        var activity = Source.StartActivity("workflow.fire");
        activity?.SetTag("panlong.trigger", trigger);
        return activity;
    }

    /// <summary>Called once the instance is read; tags only the fire's own activity, never a caller's.</summary>
    internal static void Instance(ProcessInstance instance)
    {
        if (Activity.Current is { } activity && activity.Source == Source)
        {
            activity.SetTag("panlong.process", instance.DefinitionKey);
            activity.SetTag("panlong.from", instance.State);
        }
    }

    /// <summary>A refusal is an answer, not an error: the outcome says which, the status stays unset.</summary>
    internal static void Finished(Activity? activity, FireResult result)
    {
        activity?.SetTag("panlong.to", result.State);
        activity?.SetTag("panlong.outcome", result.Ok ? (result.Moved ? "moved" : "stayed") : result.Refusal?.ToString() ?? "refused");
    }

    /// <summary>The exception's type only: its message may quote the subject.</summary>
    internal static void Failed(Activity? activity, Exception e)
    {
        activity?.SetTag("panlong.outcome", "failed");
        activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
    }
}
