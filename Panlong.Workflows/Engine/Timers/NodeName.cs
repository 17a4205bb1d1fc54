namespace Panlong.Workflows.Engine.Timers;

/// <summary>
/// This node's one name in the leases it holds and the job runs it records (docs/decisions/0102-job-runs-in-the-database.md):
/// one per host, so the timers, the periodic jobs and the report rendering of one process appear on the operations page as
/// the node it says it is, not as three. Tests that play two nodes in one process build two hosts, or two runners without it.
/// </summary>
public sealed class NodeName
{
    public string Value { get; } = Leases.NewHolder();

    public override string ToString() => Value;
}
