using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;

namespace Panlong.Portal.Tests;

/// <summary>The real factory, or, while <see cref="Down"/>, a connection failure as a provider reports it after its retries.</summary>
public sealed class SwitchableFactory(IDbContextFactory<PanlongDbContext> inner) : IDbContextFactory<PanlongDbContext>
{
    public bool Down { get; set; }

    /// <summary>A portal service (a query or application service) built over this factory instead of the portal's own.</summary>
    public T Serving<T>(IServiceProvider portal) where T : notnull => ActivatorUtilities.CreateInstance<T>(portal, this);

    public PanlongDbContext CreateDbContext() =>
        Down ? throw new RetryLimitExceededException("database down", new SocketException((int)SocketError.ConnectionRefused)) : inner.CreateDbContext();
}
