using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Testing;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Workflows.Community;
using Panlong.Workflows.Demo;

namespace Panlong.BrowserTests;

/// <summary>A registry person of 东庄社区 as the stories use them: the full name only a winner or the staff may see.</summary>
public sealed record StoryPerson(long Id, string Name, string IdMasked, string? PhoneMasked, long HouseId);

/// <summary>
/// What the community stories need in the shared portal's SQLite file that no short flow makes: ADR 52's demo volunteers
/// have no password, and a story needs people of its own (a resident who has not applied yet, volunteers of one skill) so
/// that it neither depends on nor disturbs the demo accounts other flows use.
/// </summary>
public sealed class StoryData(BrowserFixture browser)
{
    public const string Dongzhuang = "530103001001";
    private const string DongzhuangPath = "/530103/530103001/" + Dongzhuang + "/";

    public SqlitePanlongDbContext Open() => new(new DbContextOptionsBuilder<SqlitePanlongDbContext>().UseSqlite(browser.Portal.ConnectionString).Options);

    /// <summary>Gives a demo account the demo password; returns its volunteer code, or null for an account that is no volunteer.</summary>
    public async Task<string?> WithDemoPasswordAsync(string userName)
    {
        await using var db = Open();
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        user.PasswordHash = TestPasswords.Hasher.HashPassword(user, DemoAccounts.Password);
        await db.SaveChangesAsync();
        return await db.Volunteers.Where(v => v.UserId == user.Id).Select(v => v.Code).SingleOrDefaultAsync();
    }

    /// <summary>
    /// A verified account (ADR 29) of an adult demo person of 东庄社区 with a house whom no account holds yet, with the demo
    /// password and the given roles.
    /// </summary>
    public async Task<(string UserId, StoryPerson Person)> NewAccountAsync(string userName, params string[] roles)
    {
        await using var db = Open();
        var taken = await db.Users.Where(u => u.IdHash != null).Select(u => u.IdHash).ToListAsync();
        var person = await db.People.AsNoTracking()
            .Where(p => p.IsDemo && p.IdType == IdType.ResidentId && p.ScopePath.StartsWith(DongzhuangPath) && p.HouseId != null
                && p.BirthDate < new DateOnly(2000, 1, 1) && !taken.Contains(p.IdHash))
            .OrderByDescending(p => p.Id).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var user = new PanlongUser
        {
            UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = person.Name, IsDemo = true, CreatedAt = now,
            SecurityStamp = Guid.NewGuid().ToString("N"), IdCipher = person.IdCipher, IdHash = person.IdHash, IdMasked = person.IdMasked,
            IdentityVerifiedAt = now, IdentityVerifiedBy = "演示账户",
        };
        user.PasswordHash = TestPasswords.Hasher.HashPassword(user, DemoAccounts.Password);
        db.Users.Add(user);
        foreach (var role in await db.Roles.Where(r => roles.Contains(r.Name)).Select(r => r.Id).ToListAsync())
        {
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role });
        }
        await db.SaveChangesAsync();
        return (user.Id, new StoryPerson(person.Id, person.Name, person.IdMasked, person.PhoneMasked, person.HouseId!.Value));
    }

    /// <summary>
    /// An active volunteer of 东庄社区 holding one skill, available any day, as ADR 52's approval leaves one (role, volunteer row
    /// with an opaque code, 金豆 account) — the application itself is the volunteer's phone story (VolunteerPhoneFlowTests).
    /// </summary>
    public async Task<string> NewVolunteerAsync(string userName, int skill)
    {
        var (userId, person) = await NewAccountAsync(userName, Roles.Resident, Roles.Volunteer);
        await using var db = Open();
        var code = VolunteerListener.NewCode();
        db.Volunteers.Add(new Volunteer
        {
            UserId = userId, PersonId = person.Id, CommunityCode = Dongzhuang, ScopePath = DongzhuangPath, Code = code,
            Skills = skill.ToString(System.Globalization.CultureInfo.InvariantCulture), Availability = "每天", JoinedAt = DateTimeOffset.UtcNow,
        });
        db.PointAccounts.Add(new PointAccount { Kind = PointAccountKind.Volunteer, Owner = code, CommunityCode = Dongzhuang, ScopePath = DongzhuangPath });
        await db.SaveChangesAsync();
        return code;
    }

    /// <summary>A demo person of 东庄社区 the registry flags 独居 (living alone), with a house and a phone.</summary>
    public async Task<StoryPerson> LivingAloneAsync()
    {
        await using var db = Open();
        return await db.People.AsNoTracking()
            .Where(p => p.IsDemo && p.ScopePath.StartsWith(DongzhuangPath) && p.HouseId != null && p.PhoneCipher != null && (p.Groups & SpecialGroups.LivingAlone) != 0)
            .OrderByDescending(p => p.Id).Select(p => new StoryPerson(p.Id, p.Name, p.IdMasked, p.PhoneMasked, p.HouseId!.Value)).FirstAsync();
    }

    /// <summary>Where the account's registry person lives (their building's WGS-84 position): a phone standing at home.</summary>
    public async Task<(double Lat, double Lng)> HomeOfAsync(string userName)
    {
        await using var db = Open();
        var hash = await db.Users.Where(u => u.UserName == userName).Select(u => u.IdHash).SingleAsync();
        return await db.People.Where(p => p.IdHash == hash).Select(p => new ValueTuple<double, double>(p.House!.Building!.Lat, p.House.Building.Lng)).FirstAsync();
    }

    /// <summary>A volunteer's 金豆 balance: the sum of their account's entries (ADR 52).</summary>
    public async Task<long> BalanceAsync(string volunteerCode)
    {
        await using var db = Open();
        var account = await PointLedger.VolunteerAccountAsync(db, volunteerCode);
        return await PointLedger.BalanceAsync(db, account!.Id);
    }
}
