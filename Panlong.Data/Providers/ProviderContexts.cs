using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Panlong.Data.Providers;

public sealed class SqlitePanlongDbContext(DbContextOptions<SqlitePanlongDbContext> options) : PanlongDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset text; all our times are UTC, so ticks order correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresPanlongDbContext(DbContextOptions<PostgresPanlongDbContext> options) : PanlongDbContext(options);

public sealed class SqlServerPanlongDbContext(DbContextOptions<SqlServerPanlongDbContext> options) : PanlongDbContext(options);
