using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Tokens;

/// <summary>
/// A key the token server signs or encrypts its tokens with: made once by the first node, kept in the database so every node
/// reads the same one, and stored only as the Data Protection key ring protects it (docs/decisions/0082-token-server.md).
/// </summary>
public sealed class TokenKey
{
    public int Id { get; set; }

    /// <summary><see cref="Signing"/> or <see cref="Encryption"/>; one current key of each.</summary>
    public required string Use { get; set; }

    /// <summary>The RSA private key as PEM, protected by the portal's Data Protection key ring.</summary>
    public required string ProtectedKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public const string Signing = "sig";
    public const string Encryption = "enc";
}

internal sealed class TokenKeyConfiguration : IEntityTypeConfiguration<TokenKey>
{
    public void Configure(EntityTypeBuilder<TokenKey> b)
    {
        b.Property(k => k.Use).HasMaxLength(8);
        // Two nodes starting at once: the second one's insert fails here and it reads the first one's key.
        b.HasIndex(k => k.Use).IsUnique();
    }
}
