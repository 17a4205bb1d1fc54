using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Patrol;

internal sealed class PatrolShiftConfiguration : IEntityTypeConfiguration<PatrolShift>
{
    public void Configure(EntityTypeBuilder<PatrolShift> b)
    {
        b.Property(s => s.UserId).HasMaxLength(450);
        b.Property(s => s.UserName).HasMaxLength(50);
        b.Property(s => s.ScopePath).HasMaxLength(200);
        // The live map and the sweep read the open shifts of a scope; the patroller's page their own.
        b.HasIndex(s => new { s.EndedAt, s.ScopePath });
        b.HasIndex(s => new { s.UserId, s.StartedAt });
    }
}

internal sealed class PatrolFixConfiguration : IEntityTypeConfiguration<PatrolFix>
{
    public void Configure(EntityTypeBuilder<PatrolFix> b)
    {
        // The key is the idempotency rule itself: one row per shift and sequence number, and the track's order.
        b.HasKey(f => new { f.ShiftId, f.Seq });
        b.HasOne<PatrolShift>().WithMany().HasForeignKey(f => f.ShiftId).OnDelete(DeleteBehavior.Cascade);
    }
}
