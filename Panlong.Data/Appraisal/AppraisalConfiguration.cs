using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Panlong.Data.Cases;

namespace Panlong.Data.Appraisal;

internal sealed class CaseFactConfiguration : IEntityTypeConfiguration<CaseFact>
{
    public void Configure(EntityTypeBuilder<CaseFact> b)
    {
        b.ToTable("CaseFacts");
        b.Property(f => f.Kind).HasMaxLength(16);
        b.Property(f => f.PersonKey).HasMaxLength(450);
        b.Property(f => f.PersonName).HasMaxLength(50);
        b.Property(f => f.PersonRole).HasMaxLength(24);
        b.Property(f => f.UnitCode).HasMaxLength(32);
        b.Property(f => f.ScopePath).HasMaxLength(400);
        b.HasOne(f => f.Case).WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
        // No index led by At: a period is most of the table, and SQLite's scan of it is cheaper than a range of index
        // look-ups (0.8 s against 1.2 s of CPU for a year of 354,000 facts); a region narrows by its path. PostgreSQL has one for
        // the running rest's month (PostgresPanlongDbContext, docs/decisions/0066-running-year-at-city-scale.md).
        b.HasIndex(f => new { f.ScopePath, f.At });
        b.HasIndex(f => f.CaseId);
        // The running year's live rest (ADR 48) asks for the duties due from this month on: a few days' deadlines, which
        // without this index is a scan of every fact.
        b.HasIndex(f => f.DueAt);
    }
}

internal sealed class AppraisalSettingConfiguration : IEntityTypeConfiguration<AppraisalSetting>
{
    public void Configure(EntityTypeBuilder<AppraisalSetting> b)
    {
        b.Property(s => s.CreatedByUserId).HasMaxLength(450);
        b.Property(s => s.CreatedByName).HasMaxLength(50);
    }
}

internal sealed class AppraisalReportConfiguration : IEntityTypeConfiguration<AppraisalReport>
{
    public void Configure(EntityTypeBuilder<AppraisalReport> b)
    {
        b.Property(r => r.PeriodKind).HasMaxLength(16);
        b.Property(r => r.Period).HasMaxLength(16);
        b.Property(r => r.ScopeCode).HasMaxLength(32);
        b.Property(r => r.ScopeName).HasMaxLength(60);
        b.Property(r => r.ScopePath).HasMaxLength(400);
        b.Property(r => r.Status).HasMaxLength(16);
        b.Property(r => r.Error).HasMaxLength(500);
        b.Property(r => r.RequestedByUserId).HasMaxLength(450);
        b.Property(r => r.RequestedByName).HasMaxLength(50);
        b.HasIndex(r => new { r.ScopePath, r.RequestedAt });
        b.HasIndex(r => new { r.Period, r.ScopeCode, r.Scheduled });
    }
}

internal sealed class StoredIndicatorsConfiguration : IEntityTypeConfiguration<StoredIndicators>
{
    public void Configure(EntityTypeBuilder<StoredIndicators> b)
    {
        b.ToTable("StoredIndicators");
        b.Property(s => s.ScopePath).HasMaxLength(400);
        b.Property(s => s.Content).HasMaxLength(16);
        b.HasIndex(s => new { s.ScopePath, s.From, s.To, s.Content }).IsUnique();
        // A late fact marks every row whose period holds its day: the look-up goes by the period.
        b.HasIndex(s => new { s.From, s.To });
    }
}
