namespace Panlong.Testing;

/// <summary>A clock that stands where a test puts it, for rules that depend on the China day or a deadline.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
