using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.SpotChecks;

internal sealed class SpotCheckPlanConfiguration : IEntityTypeConfiguration<SpotCheckPlan>
{
    public void Configure(EntityTypeBuilder<SpotCheckPlan> b)
    {
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.StreetCodes).HasMaxLength(1000);
        b.Property(p => p.CategoryIds).HasMaxLength(1000);
        b.Property(p => p.ScopePath).HasMaxLength(200);
        b.Property(p => p.CreatedByUserId).HasMaxLength(450);
        b.Property(p => p.CreatedByName).HasMaxLength(50);
        b.HasMany(p => p.Tasks).WithOne(t => t.Plan).HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpotCheckTaskConfiguration : IEntityTypeConfiguration<SpotCheckTask>
{
    public void Configure(EntityTypeBuilder<SpotCheckTask> b)
    {
        b.Property(t => t.GridCode).HasMaxLength(32);
        b.Property(t => t.ScopePath).HasMaxLength(200);
        b.Property(t => t.Status).HasMaxLength(8);
        b.Property(t => t.CheckedByUserId).HasMaxLength(450);
        b.Property(t => t.CheckedByName).HasMaxLength(50);
        b.Property(t => t.InspectorUserId).HasMaxLength(450);
        b.Property(t => t.InspectorName).HasMaxLength(50);
        b.HasIndex(t => new { t.PlanId, t.Draw }).IsUnique();
        // The phone lists the open checks by day; the monthly summary reads the checks done in a month.
        b.HasIndex(t => new { t.Status, t.Day });
        b.HasIndex(t => t.DoneAt);
        b.HasMany(t => t.Findings).WithOne().HasForeignKey(f => f.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpotCheckFindingConfiguration : IEntityTypeConfiguration<SpotCheckFinding>
{
    public void Configure(EntityTypeBuilder<SpotCheckFinding> b)
    {
        b.Property(f => f.CaseNumber).HasMaxLength(32);
        b.Property(f => f.Description).HasMaxLength(1000);
        b.Property(f => f.InspectorUserId).HasMaxLength(450);
        b.Property(f => f.InspectorName).HasMaxLength(50);
        b.HasOne(f => f.Case).WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}
