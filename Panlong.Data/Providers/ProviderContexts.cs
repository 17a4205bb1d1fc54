using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Panlong.Data.Providers;

public sealed class SqlitePanlongDbContext(DbContextOptions<SqlitePanlongDbContext> options) : PanlongDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset text: store the instant as UTC ticks, which order and compare correctly
        // whatever offset a value arrived with.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));

public sealed class PostgresPanlongDbContext(DbContextOptions<PostgresPanlongDbContext> options) : PanlongDbContext(options);

public sealed class SqlServerPanlongDbContext(DbContextOptions<SqlServerPanlongDbContext> options) : PanlongDbContext(options);
