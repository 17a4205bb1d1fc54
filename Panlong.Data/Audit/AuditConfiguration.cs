using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Action).HasMaxLength(40);
        b.Property(a => a.UserId).HasMaxLength(450);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.LoginName).HasMaxLength(256);
        b.Property(a => a.Target).HasMaxLength(200);
        b.Property(a => a.Detail).HasMaxLength(2000);
        b.Property(a => a.IpAddress).HasMaxLength(64);
        b.Property(a => a.Hash).HasMaxLength(AuditHash.Length);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.Action, a.At });
        // Unique: two appends can never take the same place in the chain, whatever went wrong with the head's lock.
        b.HasIndex(a => a.Sequence).IsUnique();
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> b)
    {
        b.Property(h => h.Id).ValueGeneratedNever();
        b.Property(h => h.Hash).HasMaxLength(AuditHash.Length);
        b.Property(h => h.ArchivedHash).HasMaxLength(AuditHash.Length);
        // The row exists from the migration on, so the first append has a row to lock like every later one.
        b.HasData(new AuditChainHead { Id = AuditChainHead.SingleId, Sequence = 0, Hash = AuditHash.Genesis, ArchivedThrough = 0, ArchivedHash = AuditHash.Genesis });
    }
}
