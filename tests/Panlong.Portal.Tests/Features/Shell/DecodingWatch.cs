using System.Diagnostics.Metrics;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// Watches one portal's <see cref="ImageDecoder"/> through its meter: the pixels it decoded and the most images it decoded at
/// once. Tests assert on what was decoded, not on how long it took.
/// </summary>
public sealed class DecodingWatch : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private long _pixels;
    private int _now;

    public DecodingWatch(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ImageDecoder.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _pixels, value));
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            lock (_gate)
            {
                _now += value;
                MostAtOnce = Math.Max(MostAtOnce, _now);
            }
        });
        _listener.Start();
    }

    public long Pixels => Interlocked.Read(ref _pixels);

    public int MostAtOnce { get; private set; }

    public void Dispose() => _listener.Dispose();
}
