using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Panlong.Data;
using Panlong.Data.Tokens;

namespace Panlong.Portal.Features.Tokens;

/// <summary>
/// The token server's RSA signing and encryption keys: made by the first node that needs them, stored in the database
/// protected by the portal's Data Protection key ring (itself shared by every node and, with a certificate configured,
/// encrypted at rest), so tokens outlive restarts and every node issues and reads the same ones. Never a development
/// certificate, in any environment (docs/decisions/0082-token-server.md).
/// </summary>
public sealed class TokenKeyRing(IDbContextFactory<PanlongDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider clock)
{
    private const string Purpose = "Panlong.TokenKeys.v1";
    // PublicationOnly: a load that failed (the database away) is tried again by the next caller, never kept as the answer.
    private readonly Lazy<(RsaSecurityKey Signing, RsaSecurityKey Encryption)> _keys = new(() => (Load(dbFactory, protection, clock, TokenKey.Signing),
        Load(dbFactory, protection, clock, TokenKey.Encryption)), LazyThreadSafetyMode.PublicationOnly);

    public RsaSecurityKey Signing => _keys.Value.Signing;

    public RsaSecurityKey Encryption => _keys.Value.Encryption;

    // Synchronous: options are built inside a synchronous callback the first time a token is issued or read.
    private static RsaSecurityKey Load(IDbContextFactory<PanlongDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider clock, string use)
    {
        var protector = protection.CreateProtector(Purpose);
        using var db = dbFactory.CreateDbContext();
        var stored = db.TokenKeys.AsNoTracking().SingleOrDefault(k => k.Use == use);
        if (stored is null)
        {
            using var fresh = RSA.Create(2048);
            db.TokenKeys.Add(new TokenKey { Use = use, ProtectedKey = protector.Protect(fresh.ExportRSAPrivateKeyPem()), CreatedAt = clock.GetUtcNow() });
            try
            {
                db.SaveChanges();
            }
            catch (DbUpdateException)
            {
                // Another node made it first: its key is the one.
                db.ChangeTracker.Clear();
            }
            stored = db.TokenKeys.AsNoTracking().Single(k => k.Use == use);
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(protector.Unprotect(stored.ProtectedKey));
        return new RsaSecurityKey(rsa) { KeyId = $"{use}-{stored.Id}" };
    }
}
