using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Community;

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.Property(a => a.CommunityCode).HasMaxLength(32);
        b.Property(a => a.ScopePath).HasMaxLength(200);
        b.Property(a => a.Title).HasMaxLength(100);
        b.Property(a => a.Kind).HasMaxLength(20);
        b.Property(a => a.Description).HasMaxLength(2000);
        b.Property(a => a.Venue).HasMaxLength(200);
        b.Property(a => a.Status).HasMaxLength(16);
        b.Property(a => a.CancelReason).HasMaxLength(200);
        b.Property(a => a.OrganizerUserId).HasMaxLength(450);
        b.Property(a => a.OrganizerName).HasMaxLength(50);
        b.Property(a => a.CheckInSecret).HasMaxLength(64);
        b.HasIndex(a => new { a.ScopePath, a.StartsAt });
        b.HasOne<Registry.Building>().WithMany().HasForeignKey(a => a.BuildingId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(a => a.HelperSlots).WithOne().HasForeignKey(s => s.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ActivityHelperSlotConfiguration : IEntityTypeConfiguration<ActivityHelperSlot>
{
    public void Configure(EntityTypeBuilder<ActivityHelperSlot> b)
    {
        b.HasIndex(s => new { s.ActivityId, s.SkillId }).IsUnique();
        b.HasOne<VolunteerSkill>().WithMany().HasForeignKey(s => s.SkillId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ActivitySignUpConfiguration : IEntityTypeConfiguration<ActivitySignUp>
{
    public void Configure(EntityTypeBuilder<ActivitySignUp> b)
    {
        b.Property(s => s.UserId).HasMaxLength(450);
        b.Property(s => s.Name).HasMaxLength(50);
        b.Property(s => s.VolunteerCode).HasMaxLength(16);
        b.Property(s => s.Seat).HasMaxLength(16);
        b.Property(s => s.CheckedInBy).HasMaxLength(8);
        // One sign-up per person and activity: a double click or two tabs cannot take two seats.
        b.HasIndex(s => new { s.ActivityId, s.UserId }).IsUnique();
        b.HasIndex(s => new { s.ActivityId, s.Seat, s.QueuedAt });
        b.HasIndex(s => s.UserId);
        b.HasOne<Activity>().WithMany().HasForeignKey(s => s.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}
