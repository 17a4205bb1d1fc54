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
        // The kinds the issue names; visits every N working days (5 ≈ weekly, 10 ≈ twice a month, 21 ≈ monthly). The
        // offenders' and patients' kinds are for the 综治 roles and the shift lead; the elderly and children also for the
        // community staff who post their service orders (docs/domain.md "Care plans").
        const string Governance = "GridWorker,Supervisor,Leader,ShiftLead";
        const string Welfare = Governance + ",Approver";
        b.HasData(
            Kind(1, "drug-rehab", "社区戒毒/康复", "Community drug rehabilitation", 10, Governance),
            Kind(2, "released", "刑满释放", "Released from prison", 21, Governance),
            Kind(3, "corrections", "社区矫正", "Community corrections", 5, Governance),
            Kind(4, "mental-illness", "严重精神障碍", "Severe mental illness", 10, Governance),
            Kind(5, "living-alone", "独居老人", "Elderly living alone", 5, Welfare),
            Kind(6, "left-behind-child", "留守儿童", "Left-behind child", 10, Welfare));
    }

    private static CareKind Kind(int id, string code, string name, string nameEn, int days, string roles) => new()
    {
        Id = id, Code = code, Name = name, NameEn = nameEn, IntervalWorkingDays = days, VisibleRoles = roles,
        Version = new Guid($"00000000-0000-0000-0087-{id:D12}"),
    };
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
