using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Community;

internal sealed class SupermarketGoodsConfiguration : IEntityTypeConfiguration<SupermarketGoods>
{
    public void Configure(EntityTypeBuilder<SupermarketGoods> b)
    {
        b.Property(g => g.CommunityCode).HasMaxLength(32);
        b.Property(g => g.ScopePath).HasMaxLength(200);
        b.Property(g => g.Name).HasMaxLength(40);
        b.Property(g => g.PhotoPath).HasMaxLength(200);
        b.Property(g => g.ThumbnailPath).HasMaxLength(200);
        b.HasIndex(g => new { g.ScopePath, g.OnShelf });
        b.ToTable(t =>
        {
            // The database refuses what the service refuses: a redemption racing past a check cannot take stock below zero.
            t.HasCheckConstraint("CK_SupermarketGoods_Stock", "\"Stock\" >= 0");
            t.HasCheckConstraint("CK_SupermarketGoods_Price", "\"Price\" > 0");
        });
    }
}

internal sealed class SupermarketOrderConfiguration : IEntityTypeConfiguration<SupermarketOrder>
{
    public void Configure(EntityTypeBuilder<SupermarketOrder> b)
    {
        b.Property(o => o.Key).HasMaxLength(64);
        b.Property(o => o.CommunityCode).HasMaxLength(32);
        b.Property(o => o.ScopePath).HasMaxLength(200);
        b.Property(o => o.GoodsName).HasMaxLength(40);
        b.Property(o => o.VolunteerCode).HasMaxLength(16);
        b.Property(o => o.VolunteerUserId).HasMaxLength(450);
        b.Property(o => o.PickupCode).HasMaxLength(8);
        b.Property(o => o.Status).HasMaxLength(16);
        b.Property(o => o.ClosedBy).HasMaxLength(50);
        b.Property(o => o.CancelReason).HasMaxLength(200);
        b.HasIndex(o => o.Key).IsUnique();
        b.HasIndex(o => o.PickupCode).IsUnique();
        b.HasIndex(o => new { o.VolunteerUserId, o.CreatedAt });
        b.HasIndex(o => new { o.ScopePath, o.CreatedAt });
        b.HasOne<SupermarketGoods>().WithMany().HasForeignKey(o => o.GoodsId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SupermarketStockMovementConfiguration : IEntityTypeConfiguration<SupermarketStockMovement>
{
    public void Configure(EntityTypeBuilder<SupermarketStockMovement> b)
    {
        b.Property(m => m.ScopePath).HasMaxLength(200);
        b.Property(m => m.Kind).HasMaxLength(16);
        b.Property(m => m.Reason).HasMaxLength(200);
        b.Property(m => m.By).HasMaxLength(50);
        b.HasIndex(m => new { m.ScopePath, m.At });
        b.HasIndex(m => m.GoodsId);
        b.HasOne<SupermarketGoods>().WithMany().HasForeignKey(m => m.GoodsId).OnDelete(DeleteBehavior.Restrict);
    }
}
