using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Identity;

internal sealed class RoleGrantRequestConfiguration : IEntityTypeConfiguration<RoleGrantRequest>
{
    public void Configure(EntityTypeBuilder<RoleGrantRequest> b)
    {
        b.Property(r => r.TargetUserId).HasMaxLength(450);
        b.Property(r => r.TargetUserName).HasMaxLength(256);
        b.Property(r => r.CurrentRoles).HasMaxLength(400);
        b.Property(r => r.RequestedRoles).HasMaxLength(400);
        b.Property(r => r.RequestedByUserId).HasMaxLength(450);
        b.Property(r => r.RequestedByName).HasMaxLength(256);
        b.Property(r => r.Status).HasMaxLength(20);
        b.Property(r => r.DecidedByUserId).HasMaxLength(450);
        b.Property(r => r.DecidedByName).HasMaxLength(256);
        b.HasIndex(r => new { r.Status, r.TargetUserId });
        b.Ignore(r => r.CurrentRoleList);
        b.Ignore(r => r.RequestedRoleList);
    }
}
