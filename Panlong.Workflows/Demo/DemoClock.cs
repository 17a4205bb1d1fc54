namespace Panlong.Workflows.Demo;

/// <summary>
/// The demo generator's clock: the engine, the case service and the timer sweep read it, and the simulation moves it
/// through the past year (docs/decisions/0022-demo-cases-through-the-loop.md).
/// </summary>
internal sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
