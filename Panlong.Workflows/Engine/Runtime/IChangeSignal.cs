namespace Panlong.Workflows.Engine.Runtime;

/// <summary>
/// Told by a feature's service after a change has been committed: the portal delivers the outbox at once and refreshes
/// open boards and desks. Workflows cannot reference the portal, hence the seam (docs/decisions/0017-one-service-per-feature.md).
/// </summary>
public interface IChangeSignal
{
    /// <param name="subjectType">What changed, as the listeners name it (<c>case</c>, <c>application</c>).</param>
    void Changed(string subjectType);
}

/// <summary>Without a portal (tests, tools) nobody waits: the outbox is delivered on its own schedule.</summary>
public sealed class NoChangeSignal : IChangeSignal
{
    public void Changed(string subjectType)
    {
    }
}
