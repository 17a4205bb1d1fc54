using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Care;

internal sealed class CareKindConfiguration : IEntityTypeConfiguration<CareKind>
{
    public void Configure(EntityTypeBuilder<CareKind> b)
    {
        b.Property(k => k.Code).HasMaxLength(40);
        b.HasIndex(k => k.Code).IsUnique();
        b.Property(k => k.Name).HasMaxLength(50);
        b.Property(k => k.NameEn).HasMaxLength(80);
        b.Property(k => k.VisibleRoles).HasMaxLength(400);
        b.Property(k => k.Version).IsConcurrencyToken();
        b.Ignore(k => k.DisplayName);
    }
}

internal sealed class CarePlanConfiguration : IEntityTypeConfiguration<CarePlan>
{
    public void Configure(EntityTypeBuilder<CarePlan> b)
    {
        b.Property(p => p.Reason).HasMaxLength(500);
        b.Property(p => p.ScopePath).HasMaxLength(200);
        b.Property(p => p.ResponsibleUserId).HasMaxLength(450);
        b.Property(p => p.ResponsibleName).HasMaxLength(50);
        b.Property(p => p.HelperTeam).HasMaxLength(500);
        b.Property(p => p.CreatedByUserId).HasMaxLength(450);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasOne(p => p.Person).WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Kind).WithMany().HasForeignKey(p => p.KindId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.ScopePath, p.KindId });
        b.HasIndex(p => p.PersonId);
    }
}

internal sealed class CareVisitConfiguration : IEntityTypeConfiguration<CareVisit>
{
    public void Configure(EntityTypeBuilder<CareVisit> b)
    {
        b.Property(v => v.ScopePath).HasMaxLength(200);
        b.Property(v => v.DoneByUserId).HasMaxLength(450);
        b.Property(v => v.DoneByName).HasMaxLength(50);
        b.Property(v => v.Condition).HasMaxLength(500);
        b.Property(v => v.Needs).HasMaxLength(500);
        b.Property(v => v.PhotoPath).HasMaxLength(300);
        b.Property(v => v.ThumbnailPath).HasMaxLength(300);
        b.HasOne(v => v.Plan).WithMany(p => p.Visits).HasForeignKey(v => v.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(v => new { v.PlanId, v.Seq }).IsUnique();
        // The task lists and the figure read visits due in a scope.
        b.HasIndex(v => new { v.ScopePath, v.DueAt });
    }
}
