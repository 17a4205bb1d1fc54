using System.Collections.Concurrent;

namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// The SMS gateway a deployment contracts (the government SMS platform or a carrier's). The portal never calls it
/// directly: messages wait in the outbox and <see cref="SmsOutbox"/> hands them over.
/// </summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken ct);
}

/// <summary>Whether SMS can be sent at all: off in Production until a real sender is configured.</summary>
public sealed record SmsChannel(ISmsSender? Sender)
{
    public bool IsOn => Sender is not null;
}

public sealed record SentSms(DateTimeOffset At, string Phone, string Text);

/// <summary>Development and tests: no gateway; each message goes to the log and to the /dev/sms page.</summary>
public sealed class LoggingSmsSender(TimeProvider clock, ILogger<LoggingSmsSender> logger) : ISmsSender
{
    private const int Kept = 50;
    private readonly ConcurrentQueue<SentSms> _sent = new();

    /// <summary>The latest messages, newest first.</summary>
    public IReadOnlyList<SentSms> Recent => _sent.Reverse().ToList();

    public Task SendAsync(string phone, string text, CancellationToken ct)
    {
        _sent.Enqueue(new SentSms(clock.GetUtcNow(), phone, text));
        while (_sent.Count > Kept)
        {
            _sent.TryDequeue(out _);
        }
        logger.LogInformation("SMS to {Phone}: {Text}", phone, text);
        return Task.CompletedTask;
    }
}
