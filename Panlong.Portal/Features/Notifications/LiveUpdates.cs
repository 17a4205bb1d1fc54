namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// In-process signals for open pages: "cases changed" (boards, desks) and "this user has new messages" (bells).
/// Blazor Server circuits already hold a live connection, so a page that subscribes re-renders without a reload.
/// With several portal nodes this becomes a backplane (Redis pub/sub), behind the same two methods.
/// </summary>
public sealed class LiveUpdates
{
    public event Action? CasesChanged;

    public event Action<string>? NotificationsArrived;

    public void PublishCasesChanged() => CasesChanged?.Invoke();

    public void PublishNotifications(string userId) => NotificationsArrived?.Invoke(userId);
}
