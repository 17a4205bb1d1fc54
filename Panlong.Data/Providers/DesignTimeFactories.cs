using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Panlong.Data.Providers;

// Used by `dotnet ef migrations add --context …`; the connection strings are never opened.
internal static class DesignTime
{
    public static T Build<T>(DatabaseProvider provider, string connectionString, Func<DbContextOptions<T>, T> create)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        builder.UseProvider(provider, connectionString);
        return create(builder.Options);
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePanlongDbContext>
{
    public SqlitePanlongDbContext CreateDbContext(string[] args) =>
        DesignTime.Build<SqlitePanlongDbContext>(DatabaseProvider.Sqlite, "Data Source=design.db", o => new(o));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPanlongDbContext>
{
    public PostgresPanlongDbContext CreateDbContext(string[] args) =>
        DesignTime.Build<PostgresPanlongDbContext>(DatabaseProvider.Postgres, "Host=localhost;Database=panlong", o => new(o));
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerPanlongDbContext>
{
    public SqlServerPanlongDbContext CreateDbContext(string[] args) =>
        DesignTime.Build<SqlServerPanlongDbContext>(DatabaseProvider.SqlServer, "Server=localhost;Database=panlong;Trusted_Connection=True", o => new(o));
}
