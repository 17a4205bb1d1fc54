using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Panlong.Portal.Features.Operations;

/// <summary>
/// The platform's own instruments (docs/operations.md lists them with their meaning). Every one is observable: the SDK asks
/// at collection time and <see cref="PlatformSignals"/> answers from its cached read, so a scrape costs no query of its own.
/// </summary>
public sealed class PlatformMeter
{
    public const string Name = "Panlong";

    public PlatformMeter(IMeterFactory meters, PlatformSignals signals, CircuitCount circuits)
    {
        var meter = meters.Create(Name);
        meter.CreateObservableCounter("panlong.cases.received", () => signals.Current().Cases.Select(c => Level(c.Received, c)), "{case}", "Cases reported, by level.");
        meter.CreateObservableCounter("panlong.cases.filed", () => signals.Current().Cases.Select(c => Level(c.Filed, c)), "{case}", "Cases filed (立案), by level.");
        meter.CreateObservableCounter("panlong.cases.closed", () => signals.Current().Cases.Select(c => Level(c.Closed, c)), "{case}", "Cases closed (结案), by level.");
        meter.CreateObservableGauge("panlong.tasks.open", () => signals.Current().Tasks.Select(t => Unit(t.Open, t)), "{task}", "Open work tasks, by unit.");
        meter.CreateObservableGauge("panlong.tasks.overdue", () => signals.Current().Tasks.Select(t => Unit(t.Overdue, t)), "{task}", "Open work tasks past their deadline, by unit.");
        meter.CreateObservableGauge("panlong.outbox.backlog", () => signals.Current().OutboxBacklog, "{message}", "Outbox messages not yet delivered.");
        meter.CreateObservableGauge("panlong.outbox.oldest.age", () => signals.Current().OutboxOldestAge.TotalSeconds, "s", "Age of the oldest undelivered outbox message (0 when none).");
        meter.CreateObservableGauge("panlong.timers.due", () => signals.Current().TimersDue, "{timer}", "Timers due and not yet fired.");
        meter.CreateObservableGauge("panlong.timers.lag", () => signals.Current().TimerLag.TotalSeconds, "s", "Now minus the due time of the oldest unfired due timer (0 when none).");
        meter.CreateObservableGauge("panlong.reports.queue", () => signals.Current().ReportQueue, "{report}", "Appraisal reports queued or rendering.");
        meter.CreateObservableGauge("panlong.applications", () => signals.Current().Applications.Select(a => new Measurement<int>(a.Count, new KeyValuePair<string, object?>("state", a.State))),
            "{application}", "Service applications, by process state.");
        meter.CreateObservableGauge("panlong.signin.failures", () => signals.Current().SignInFailures, "{attempt}", "Failed sign-ins in the last 15 minutes (all nodes).");
        meter.CreateObservableGauge("panlong.signin.lockouts", () => signals.Current().Lockouts, "{account}", "Accounts locked out in the last 15 minutes (all nodes).");
        meter.CreateObservableUpDownCounter("panlong.circuits.active", () => circuits.Active, "{circuit}", "Interactive (Blazor) circuits open on this node.");
    }

    private static Measurement<int> Level(int value, CaseLevelCounts counts) => new(value, new KeyValuePair<string, object?>("level", counts.Level.ToString()));

    private static Measurement<int> Unit(int value, UnitTaskCounts counts) => new(value, new KeyValuePair<string, object?>("unit", counts.UnitCode));
}

/// <summary>The circuits open on this node: each circuit's handler counts its own opening and closing.</summary>
public sealed class CircuitCount
{
    private int _active;

    public int Active => Volatile.Read(ref _active);

    internal void Opened() => Interlocked.Increment(ref _active);

    internal void Closed() => Interlocked.Decrement(ref _active);
}

internal sealed class CircuitCounter(CircuitCount count) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        count.Opened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        count.Closed();
        return Task.CompletedTask;
    }
}
