using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Identity;

/// <summary>
/// One one-time code sent to prove an account's identity. The browser holds only <see cref="Ticket"/>; the code is kept
/// as a keyed hash. A row without <see cref="UserId"/> is what a registration that opened no account gets, so that its
/// answer looks the same (docs/decisions/0029-registration-second-factor.md); no code matches it.
/// </summary>
public class AccountVerification
{
    public long Id { get; set; }
    public Guid Ticket { get; set; }
    public string? UserId { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class AccountVerificationConfiguration : IEntityTypeConfiguration<AccountVerification>
{
    public void Configure(EntityTypeBuilder<AccountVerification> b)
    {
        b.Property(v => v.UserId).HasMaxLength(450);
        b.Property(v => v.CodeHash).HasMaxLength(64);
        b.HasIndex(v => v.Ticket).IsUnique();
        b.HasIndex(v => v.UserId);
        b.HasOne<PanlongUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
