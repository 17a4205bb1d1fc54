using Microsoft.EntityFrameworkCore;
using Panlong.Data.Registry;

namespace Panlong.Data.Organization;

/// <summary>
/// Staff phones at rest as ID numbers are (docs/decisions/0010-personal-data-at-rest.md): encrypted, with the masked form for
/// lists. Rows written before that kept the plain number; the migration AdminGrantsAndPersonalFields moved it into
/// <see cref="StaffMember.PhoneCipher"/> with no masked form, and start-up encrypts those (<see cref="ProtectStoredAsync"/>).
/// </summary>
public static class StaffPhones
{
    private const int Batch = 500;

    public static void Set(StaffMember member, string? phone, PersonalDataProtector protector)
    {
        var normalized = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        member.PhoneCipher = normalized is null ? null : protector.Encrypt(normalized);
        member.PhoneMasked = normalized is null ? "" : PersonalDataMask.Phone(normalized);
    }

    /// <summary>Encrypts the plain phones left by the migration; returns how many. A second run finds none.</summary>
    public static async Task<int> ProtectStoredAsync(PanlongDbContext db, PersonalDataProtector protector, CancellationToken ct = default)
    {
        var done = 0;
        while (true)
        {
            var plain = await db.StaffMembers.Where(s => s.PhoneMasked == null).OrderBy(s => s.Id).Take(Batch).ToListAsync(ct);
            if (plain.Count == 0)
            {
                return done;
            }
            foreach (var member in plain)
            {
                Set(member, member.PhoneCipher, protector);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            done += plain.Count;
        }
    }
}
