using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Community;

internal sealed class VolunteerSkillConfiguration : IEntityTypeConfiguration<VolunteerSkill>
{
    public void Configure(EntityTypeBuilder<VolunteerSkill> b)
    {
        b.Property(s => s.Name).HasMaxLength(20);
        b.Property(s => s.NameEn).HasMaxLength(40);
        b.Ignore(s => s.DisplayName);
        b.HasData(
            new VolunteerSkill { Id = 1, Name = "医疗", NameEn = "Medical", SortOrder = 1 },
            new VolunteerSkill { Id = 2, Name = "法律", NameEn = "Legal", SortOrder = 2 },
            new VolunteerSkill { Id = 3, Name = "教育", NameEn = "Teaching", SortOrder = 3 },
            new VolunteerSkill { Id = 4, Name = "家政", NameEn = "Housekeeping", SortOrder = 4 },
            new VolunteerSkill { Id = 5, Name = "禁毒", NameEn = "Drug prevention", SortOrder = 5 },
            new VolunteerSkill { Id = 6, Name = "助老", NameEn = "Elderly care", SortOrder = 6 },
            new VolunteerSkill { Id = 7, Name = "文体", NameEn = "Culture and sports", SortOrder = 7 },
            new VolunteerSkill { Id = 8, Name = "其他", NameEn = "Other", SortOrder = 8 });
    }
}

internal sealed class VolunteerApplicationConfiguration : IEntityTypeConfiguration<VolunteerApplication>
{
    public void Configure(EntityTypeBuilder<VolunteerApplication> b)
    {
        b.Property(a => a.UserId).HasMaxLength(450);
        b.Property(a => a.CommunityCode).HasMaxLength(32);
        b.Property(a => a.ScopePath).HasMaxLength(200);
        b.Property(a => a.Skills).HasMaxLength(100);
        b.Property(a => a.Availability).HasMaxLength(200);
        b.Property(a => a.Note).HasMaxLength(200);
        b.Property(a => a.Status).HasMaxLength(16);
        b.Property(a => a.DecidedBy).HasMaxLength(50);
        b.Property(a => a.Reason).HasMaxLength(200);
        b.HasIndex(a => new { a.ScopePath, a.Status });
        b.HasIndex(a => a.UserId);
        b.HasIndex(a => a.InstanceId);
    }
}

internal sealed class VolunteerConfiguration : IEntityTypeConfiguration<Volunteer>
{
    public void Configure(EntityTypeBuilder<Volunteer> b)
    {
        b.Property(v => v.UserId).HasMaxLength(450);
        b.Property(v => v.CommunityCode).HasMaxLength(32);
        b.Property(v => v.ScopePath).HasMaxLength(200);
        b.Property(v => v.Code).HasMaxLength(16);
        b.Property(v => v.Skills).HasMaxLength(100);
        b.Property(v => v.Availability).HasMaxLength(200);
        b.Property(v => v.Status).HasMaxLength(16);
        b.Property(v => v.StatusReason).HasMaxLength(200);
        b.HasIndex(v => v.UserId).IsUnique();
        b.HasIndex(v => v.Code).IsUnique();
        b.HasIndex(v => new { v.ScopePath, v.Status });
    }
}

internal sealed class VolunteerPostConfiguration : IEntityTypeConfiguration<VolunteerPost>
{
    public void Configure(EntityTypeBuilder<VolunteerPost> b)
    {
        b.Property(p => p.Kind).HasMaxLength(20);
        b.Property(p => p.ScopePath).HasMaxLength(200);
        b.Property(p => p.AppointedBy).HasMaxLength(50);
        // One holder per post and building: two staff appointing at once cannot both succeed.
        b.HasIndex(p => new { p.BuildingId, p.Kind }).IsUnique();
        b.HasIndex(p => p.VolunteerId);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(p => p.VolunteerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Registry.Building>().WithMany().HasForeignKey(p => p.BuildingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PointAccountConfiguration : IEntityTypeConfiguration<PointAccount>
{
    public void Configure(EntityTypeBuilder<PointAccount> b)
    {
        b.Property(a => a.Kind).HasMaxLength(16);
        b.Property(a => a.Owner).HasMaxLength(32);
        b.Property(a => a.CommunityCode).HasMaxLength(32);
        b.Property(a => a.ScopePath).HasMaxLength(200);
        b.HasIndex(a => new { a.Kind, a.Owner }).IsUnique();
        b.HasIndex(a => new { a.ScopePath, a.Kind });
    }
}

internal sealed class PointTransactionConfiguration : IEntityTypeConfiguration<PointTransaction>
{
    public void Configure(EntityTypeBuilder<PointTransaction> b)
    {
        b.Property(t => t.SourceType).HasMaxLength(20);
        b.Property(t => t.SourceId).HasMaxLength(64);
        b.Property(t => t.Action).HasMaxLength(16);
        b.Property(t => t.Memo).HasMaxLength(200);
        b.Property(t => t.ActorUserId).HasMaxLength(450);
        // The idempotency key: a message delivered twice, or by two nodes at once, inserts one movement.
        b.HasIndex(t => new { t.SourceType, t.SourceId, t.Action }).IsUnique();
        b.HasMany(t => t.Entries).WithOne().HasForeignKey(e => e.TransactionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointEntryConfiguration : IEntityTypeConfiguration<PointEntry>
{
    public void Configure(EntityTypeBuilder<PointEntry> b)
    {
        b.HasIndex(e => new { e.AccountId, e.TransactionId });
        b.HasOne<PointAccount>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointRuleConfiguration : IEntityTypeConfiguration<PointRule>
{
    public void Configure(EntityTypeBuilder<PointRule> b)
    {
        b.Property(r => r.Kind).HasMaxLength(20);
        b.Property(r => r.CategoryCode).HasMaxLength(16);
        b.Property(r => r.CreatedBy).HasMaxLength(50);
        b.HasIndex(r => new { r.Kind, r.CategoryCode, r.EffectiveFrom });
        // The article's figures as version 1 (docs/domain.md §8): a closed drug-use report (G-02) earns 50.
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        b.HasData(
            new PointRule { Id = 1, Kind = PointRuleKind.CaseClosed, Points = 10, EffectiveFrom = from, CreatedAt = from, CreatedBy = "系统预置" },
            new PointRule { Id = 2, Kind = PointRuleKind.CaseClosed, CategoryCode = "G-02", Points = 50, EffectiveFrom = from, CreatedAt = from, CreatedBy = "系统预置" },
            new PointRule { Id = 3, Kind = PointRuleKind.OrderConfirmed, Points = 20, EffectiveFrom = from, CreatedAt = from, CreatedBy = "系统预置" },
            new PointRule { Id = 4, Kind = PointRuleKind.ActivityAttended, Points = 10, EffectiveFrom = from, CreatedAt = from, CreatedBy = "系统预置" },
            new PointRule { Id = 5, Kind = PointRuleKind.DailyCap, Points = 200, EffectiveFrom = from, CreatedAt = from, CreatedBy = "系统预置" });
    }
}
