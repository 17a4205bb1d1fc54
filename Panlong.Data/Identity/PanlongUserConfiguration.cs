using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Identity;

internal sealed class PanlongUserConfiguration : IEntityTypeConfiguration<PanlongUser>
{
    public void Configure(EntityTypeBuilder<PanlongUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.IdCipher).HasMaxLength(200);
        b.Property(u => u.IdHash).HasMaxLength(64);
        b.Property(u => u.IdMasked).HasMaxLength(32);
        b.Property(u => u.CreditCode).HasMaxLength(18);
        b.Property(u => u.IdentityVerifiedBy).HasMaxLength(100);
        b.HasIndex(u => u.IdHash).IsUnique();
        b.HasIndex(u => u.CreditCode).IsUnique();
        b.HasOne(u => u.OrgUnit).WithMany().HasForeignKey(u => u.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
