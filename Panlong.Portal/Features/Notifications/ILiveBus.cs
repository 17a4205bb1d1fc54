namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// Carries live updates to the pages of every node. Publishers tell it after their change has committed; one
/// implementation is chosen at start-up (<see cref="LiveRegistration"/>, docs/decisions/0045-live-updates-across-nodes.md).
/// </summary>
public interface ILiveBus
{
    /// <summary>A change has been committed.</summary>
    void Committed(LiveNotice notice);
}

/// <summary>One node (SQLite, or a single PostgreSQL node configured so): the pages of this process are all there is.</summary>
public sealed class InProcessLiveBus(LiveUpdates live) : ILiveBus
{
    public void Committed(LiveNotice notice) => live.Raise(notice);
}
