using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Community;

internal sealed class ServiceOrderConfiguration : IEntityTypeConfiguration<ServiceOrder>
{
    public void Configure(EntityTypeBuilder<ServiceOrder> b)
    {
        b.Property(o => o.CommunityCode).HasMaxLength(32);
        b.Property(o => o.ScopePath).HasMaxLength(200);
        b.Property(o => o.Description).HasMaxLength(500);
        b.Property(o => o.Status).HasMaxLength(16);
        b.Property(o => o.PostedByUserId).HasMaxLength(450);
        b.Property(o => o.PostedByName).HasMaxLength(50);
        b.Property(o => o.AssigneeUserId).HasMaxLength(450);
        b.Property(o => o.PhotoPath).HasMaxLength(200);
        b.Property(o => o.PhotoThumbnailPath).HasMaxLength(200);
        b.Property(o => o.RatingComment).HasMaxLength(200);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasIndex(o => new { o.CommunityCode, o.Status });
        b.HasIndex(o => o.ScopePath);
        b.HasIndex(o => o.AssigneeVolunteerId);
        b.HasIndex(o => o.PostedByUserId);
        b.HasOne<VolunteerSkill>().WithMany().HasForeignKey(o => o.SkillId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Registry.House>().WithMany().HasForeignKey(o => o.HouseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceOrderEventConfiguration : IEntityTypeConfiguration<ServiceOrderEvent>
{
    public void Configure(EntityTypeBuilder<ServiceOrderEvent> b)
    {
        b.Property(e => e.CommunityCode).HasMaxLength(32);
        b.Property(e => e.Action).HasMaxLength(16);
        b.Property(e => e.ActorUserId).HasMaxLength(450);
        b.Property(e => e.ActorName).HasMaxLength(50);
        b.Property(e => e.Note).HasMaxLength(200);
        b.HasIndex(e => e.OrderId);
        b.HasIndex(e => new { e.VolunteerId, e.Action, e.At });
        b.HasOne<ServiceOrder>().WithMany().HasForeignKey(e => e.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
