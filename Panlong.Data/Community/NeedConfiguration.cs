using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Community;

internal sealed class NeedKindConfiguration : IEntityTypeConfiguration<NeedKind>
{
    public void Configure(EntityTypeBuilder<NeedKind> b)
    {
        b.Property(k => k.Name).HasMaxLength(20);
        b.Property(k => k.NameEn).HasMaxLength(40);
        b.Property(k => k.SkillIds).HasMaxLength(100);
        b.Ignore(k => k.DisplayName);
        // The article's kinds (issue 18 part 6) with the skills of VolunteerSkillConfiguration that meet them.
        b.HasData(
            new NeedKind { Id = 1, Name = "义诊", NameEn = "Free clinic", SkillIds = "1", SortOrder = 1 },
            new NeedKind { Id = 2, Name = "法律咨询", NameEn = "Legal advice", SkillIds = "2", SortOrder = 2 },
            new NeedKind { Id = 3, Name = "亲子活动", NameEn = "Parent-child activity", SkillIds = "3,7", SortOrder = 3 },
            new NeedKind { Id = 4, Name = "家政", NameEn = "Housekeeping", SkillIds = "4", SortOrder = 4 },
            new NeedKind { Id = 5, Name = "助老", NameEn = "Elderly care", SkillIds = "6,4", SortOrder = 5 },
            new NeedKind { Id = 6, Name = "其他", NameEn = "Other", SkillIds = "8", SortOrder = 6 });
    }
}

internal sealed class NeedConfiguration : IEntityTypeConfiguration<Need>
{
    public void Configure(EntityTypeBuilder<Need> b)
    {
        b.Property(n => n.UserId).HasMaxLength(450);
        b.Property(n => n.Text).HasMaxLength(500);
        b.Property(n => n.CommunityCode).HasMaxLength(32);
        b.Property(n => n.ScopePath).HasMaxLength(200);
        b.Property(n => n.Status).HasMaxLength(16);
        b.Property(n => n.StatusReason).HasMaxLength(200);
        b.HasIndex(n => new { n.ScopePath, n.Status });
        b.HasIndex(n => n.UserId);
        b.HasIndex(n => n.GroupId);
        b.HasOne<NeedKind>().WithMany().HasForeignKey(n => n.KindId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Registry.Building>().WithMany().HasForeignKey(n => n.BuildingId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<NeedGroup>().WithMany().HasForeignKey(n => n.GroupId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class NeedGroupConfiguration : IEntityTypeConfiguration<NeedGroup>
{
    public void Configure(EntityTypeBuilder<NeedGroup> b)
    {
        b.Property(g => g.CommunityCode).HasMaxLength(32);
        b.Property(g => g.ScopePath).HasMaxLength(200);
        b.Property(g => g.Area).HasMaxLength(40);
        b.Property(g => g.Status).HasMaxLength(16);
        b.Property(g => g.Note).HasMaxLength(200);
        b.Property(g => g.CreatedBy).HasMaxLength(50);
        b.Property(g => g.LinkKind).HasMaxLength(20);
        b.Property(g => g.LinkId).HasMaxLength(64);
        b.HasIndex(g => new { g.ScopePath, g.Status });
        b.HasIndex(g => new { g.LinkKind, g.LinkId });
        b.HasOne<NeedKind>().WithMany().HasForeignKey(g => g.KindId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NeedInvitationConfiguration : IEntityTypeConfiguration<NeedInvitation>
{
    public void Configure(EntityTypeBuilder<NeedInvitation> b)
    {
        // One invitation per volunteer and group: inviting a group again tells only volunteers not yet told.
        b.HasIndex(i => new { i.GroupId, i.VolunteerId }).IsUnique();
        b.HasIndex(i => i.VolunteerId);
        b.HasOne<NeedGroup>().WithMany().HasForeignKey(i => i.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(i => i.VolunteerId).OnDelete(DeleteBehavior.Cascade);
    }
}
