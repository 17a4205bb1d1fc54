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

public sealed class PostgresPanlongDbContext(DbContextOptions<PostgresPanlongDbContext> options) : PanlongDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Scope paths and names are matched by prefix (LIKE 'x%') and ordered: with the "C" collation a plain b-tree
        // index serves both, whatever the database's locale (measured: docs/benchmarks.md).
        foreach (var entity in builder.Model.GetEntityTypes().Where(t => typeof(IOrgScoped).IsAssignableFrom(t.ClrType)))
        {
            builder.Entity(entity.ClrType).Property(nameof(IOrgScoped.ScopePath)).UseCollation("C");
        }
        builder.Entity<Registry.Person>().Property(p => p.Name).UseCollation("C");
        // The case number is not "C"-collated, so its unique index cannot serve the desk's prefix search (LIKE 'AJ20261103%');
        // a pattern-ops index does (a day's numbers at ten times the district: 95 → 13 ms; docs/benchmarks.md, issue 17).
        builder.Entity<Cases.Case>().HasIndex(c => c.Number, "IX_Cases_Number_Pattern").HasOperators("text_pattern_ops");
        // The running year's rest (ADR 48) counts this month's facts of a region that is most of the table: the (ScopePath, At)
        // index cannot bound At over the district's whole path range (4,111 index pages for 5,200 facts at ten times the
        // district), an index led by At reads the month's own entries (docs/decisions/0066-running-year-at-city-scale.md).
        // PostgreSQL only: SQLite cannot match a path prefix by index and would take this one for a year's facts too, a range of
        // look-ups over most of the table that CaseFactConfiguration measured slower than its scan.
        builder.Entity<Cases.CaseFact>().HasIndex(f => f.At);
        // The desk's area list is the newest cases of a path prefix: for a district or a street the (ScopePath, ReportedAt) index
        // cannot give that order, so the first page sorted every case of the region (703 ms at ten times the district; 0.3 ms
        // read backwards from this one). A case's ReportedAt never changes, so a step's update does not touch it.
        builder.Entity<Cases.Case>().HasIndex(c => new { c.ReportedAt, c.Id });
    }
}

public sealed class SqlServerPanlongDbContext(DbContextOptions<SqlServerPanlongDbContext> options) : PanlongDbContext(options);
