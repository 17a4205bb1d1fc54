using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Organization;

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> b)
    {
        b.Property(u => u.Code).HasMaxLength(32);
        b.HasIndex(u => u.Code).IsUnique();
        b.Property(u => u.Name).HasMaxLength(100);
        b.Property(u => u.ScopePath).HasMaxLength(400);
        b.HasIndex(u => u.ScopePath);
        b.HasIndex(u => new { u.Kind, u.ScopePath });
        b.Property(u => u.Kind).HasMaxLength(20);
        b.Property(u => u.AreaClass).HasMaxLength(10);
        b.Property(u => u.Category).HasMaxLength(40);
        b.Property(u => u.Version).IsConcurrencyToken();
        b.HasOne(u => u.Parent).WithMany(u => u.Children).HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> b)
    {
        b.Property(s => s.Name).HasMaxLength(50);
        b.Property(s => s.PhoneCipher).HasMaxLength(200);
        b.Property(s => s.PhoneMasked).HasMaxLength(20);
        b.Property(s => s.ScopePath).HasMaxLength(400);
        b.Property(s => s.UserId).HasMaxLength(450);
        b.HasIndex(s => s.ScopePath);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasOne(s => s.OrgUnit).WithMany().HasForeignKey(s => s.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GridAssignmentConfiguration : IEntityTypeConfiguration<GridAssignment>
{
    public void Configure(EntityTypeBuilder<GridAssignment> b)
    {
        b.Property(a => a.Duty).HasMaxLength(20);
        b.Property(a => a.ScopePath).HasMaxLength(400);
        b.HasIndex(a => a.ScopePath);
        // A person may hold a grid's post again after a rotation: a row per stint (ADR 73).
        b.HasIndex(a => new { a.GridId, a.StaffMemberId, a.Duty, a.From }).IsUnique();
        b.HasIndex(a => new { a.Duty, a.GridId, a.From });
        b.HasOne(a => a.Grid).WithMany().HasForeignKey(a => a.GridId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(a => a.StaffMember).WithMany(s => s.Assignments).HasForeignKey(a => a.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RotationRuleConfiguration : IEntityTypeConfiguration<RotationRule>
{
    public void Configure(EntityTypeBuilder<RotationRule> b)
    {
        b.Property(r => r.CreatedByUserId).HasMaxLength(450);
        b.Property(r => r.CreatedByName).HasMaxLength(50);
    }
}

internal sealed class RotationPlanConfiguration : IEntityTypeConfiguration<RotationPlan>
{
    public void Configure(EntityTypeBuilder<RotationPlan> b)
    {
        b.Property(p => p.Status).HasMaxLength(20);
        b.Property(p => p.ScopePath).HasMaxLength(400);
        b.Property(p => p.CreatedByName).HasMaxLength(50);
        b.Property(p => p.DecidedByName).HasMaxLength(50);
        b.Property(p => p.Reason).HasMaxLength(400);
        b.HasIndex(p => p.InstanceId);
        b.HasIndex(p => p.ScopePath);
    }
}
