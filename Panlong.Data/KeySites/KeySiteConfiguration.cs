using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Panlong.Data.Organization;
using Panlong.Data.Registry;

namespace Panlong.Data.KeySites;

internal sealed class KeySiteConfiguration : IEntityTypeConfiguration<KeySite>
{
    public void Configure(EntityTypeBuilder<KeySite> b)
    {
        b.Property(s => s.Name).HasMaxLength(KeySite.NameLength);
        b.Property(s => s.Kind).HasMaxLength(16);
        b.Property(s => s.ScopePath).HasMaxLength(400);
        b.Property(s => s.ResponsibleUnit).HasMaxLength(KeySite.NameLength);
        // The list, the map layer and the figures read a scope's active sites.
        b.HasIndex(s => new { s.ScopePath, s.IsActive });
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(s => s.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Building>().WithMany().HasForeignKey(s => s.BuildingId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class KeySiteDutyConfiguration : IEntityTypeConfiguration<KeySiteDuty>
{
    public void Configure(EntityTypeBuilder<KeySiteDuty> b)
    {
        b.Property(d => d.UserId).HasMaxLength(450);
        b.Property(d => d.UserName).HasMaxLength(50);
        b.HasIndex(d => d.UserId);
        b.HasOne<KeySite>().WithMany().HasForeignKey(d => d.SiteId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KeySiteCheckInConfiguration : IEntityTypeConfiguration<KeySiteCheckIn>
{
    public void Configure(EntityTypeBuilder<KeySiteCheckIn> b)
    {
        b.Property(c => c.UserId).HasMaxLength(450);
        b.Property(c => c.Note).HasMaxLength(KeySiteCheckIn.NoteLength);
        // One check-in per window and day: two taps, two phones, still one.
        b.HasIndex(c => new { c.DutyId, c.Day }).IsUnique();
        b.HasIndex(c => new { c.SiteId, c.At });
        b.HasOne<KeySiteDuty>().WithMany().HasForeignKey(c => c.DutyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KeySiteMissConfiguration : IEntityTypeConfiguration<KeySiteMiss>
{
    public void Configure(EntityTypeBuilder<KeySiteMiss> b)
    {
        // The key is the once-only rule: a second node inserting the same miss fails and tells nobody.
        b.HasKey(m => new { m.DutyId, m.Day });
        b.HasOne<KeySiteDuty>().WithMany().HasForeignKey(m => m.DutyId).OnDelete(DeleteBehavior.Cascade);
    }
}
