using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Panlong.Testing;

/// <summary>
/// EF Core's diagnostic events (command executing, query compiling, …) of every context in the process, handed to
/// <paramref name="onEvent"/> by name and payload until disposed: what a test or a measurement needs to see the SQL a piece
/// of code sends without configuring the services it runs on.
/// </summary>
public sealed class EfCoreEvents : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Action<string, object?> _onEvent;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    public EfCoreEvents(Action<string, object?> onEvent)
    {
        _onEvent = onEvent;
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value) => _onEvent(value.Key, value.Value);

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
