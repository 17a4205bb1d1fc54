using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;

namespace Panlong.Workflows.Demo;

/// <summary>One demo account per role, seeded only in demo/development mode and listed in the README.</summary>
public static class DemoAccounts
{
    public const string Password = "Panlong#2026";

    private const string District = DistrictPlan.DistrictCode;
    private const string Tuodong = "530103001";
    private const string Gulou = "530103002";

    /// <param name="MoreRoles">A small station's one person often holds several posts (受理、值班、派遣、处置).</param>
    public sealed record Account(string UserName, string DisplayName, string Role, string? OrgCode, IReadOnlyList<string>? MoreRoles = null);

    private const string Dongzhuang = Tuodong + "001";

    public static readonly IReadOnlyList<Account> All =
    [
        new("resident", "张居民", Roles.Resident, null),
        new("volunteer", "李志愿", Roles.Volunteer, Tuodong + "001"),
        new("gridworker", "王网格", Roles.GridWorker, Tuodong + "001"),
        new("inspector", "赵巡查", Roles.Inspector, District),
        new("supervisor", "钱监督", Roles.Supervisor, Tuodong),
        new("acceptor", "孙受理", Roles.Acceptor, DistrictPlan.CenterCode(District)),
        new("shiftlead", "周值班", Roles.ShiftLead, DistrictPlan.CenterCode(District)),
        new("dispatcher", "吴派遣", Roles.Dispatcher, DistrictPlan.CenterCode(District)),
        new("dispatcher.tuodong", "郑派遣", Roles.Dispatcher, DistrictPlan.CenterCode(Tuodong)),
        new("dispatcher.gulou", "冯派遣", Roles.Dispatcher, DistrictPlan.CenterCode(Gulou)),
        new("center.tuodong", "许受理", Roles.Acceptor, DistrictPlan.CenterCode(Tuodong), [Roles.ShiftLead]),
        new("team.tuodong", "何队长", Roles.DepartmentHandler, Tuodong),
        new("station.dongzhuang", "吕站长", Roles.Acceptor, DistrictPlan.CenterCode(Dongzhuang), [Roles.ShiftLead, Roles.Dispatcher, Roles.DepartmentHandler]),
        new("handler", "陈处置", Roles.DepartmentHandler, District + "-BM01"),
        new("clerk", "褚窗口", Roles.WindowClerk, Tuodong),
        new("clerk.gulou", "魏窗口", Roles.WindowClerk, Gulou),
        new("clerk.dongzhuang", "严窗口", Roles.WindowClerk, Dongzhuang),
        new("approver", "卫审批", Roles.Approver, District + "-BM06"),
        new("approver.cg", "蒋审批", Roles.Approver, District + "-BM01"),
        new("approver.hw", "韦审批", Roles.Approver, District + "-BM10"),
        new("approver.zj", "孔审批", Roles.Approver, District + "-BM04"),
        new("approver.ga", "曹审批", Roles.Approver, District + "-BM05"),
        new("approver.sc", "金审批", Roles.Approver, District + "-BM02"),
        new("approver.tuodong", "陶审批", Roles.Approver, Tuodong),
        new("approver.dongzhuang", "姜审批", Roles.Approver, Dongzhuang),
        new("business", "盘龙示范商贸有限公司", Roles.Resident, null),
        // 流动党员 study (docs/decisions/0053-party-study.md): the community's party organiser and three visiting members.
        new("party.dongzhuang", "方书记", Roles.PartyOrganizer, Dongzhuang),
        new("member.li", "李流动", Roles.Resident, null),
        new("member.zhou", "周流动", Roles.Resident, null),
        new("member.he", "何流动", Roles.Resident, null),
        // 东庄社区's 爱心超市 (docs/decisions/0054-supermarket.md): its keeper.
        new("keeper.dongzhuang", "柳店长", Roles.SupermarketKeeper, Dongzhuang),
        // 东庄社区's 治安巡防员 (docs/decisions/0068-patrol-shifts-and-tracks.md).
        new("patroller.tuodong", "马巡防", Roles.SecurityPatroller, Dongzhuang),
        // 东庄社区's key-site guard (docs/decisions/0088-key-sites.md): on the demo sites' rosters, checks in on /sites/mine.
        new("guard.tuodong", "杨值守", Roles.SecurityPatroller, Dongzhuang),
        // The district's 督察员 (docs/decisions/0074-spot-checks.md): plans spot checks and walks them on the phone.
        new("spotcheck", "邱督察", Roles.SpotChecker, District),
        new("leader", "蒋区长", Roles.Leader, District),
        new("leader.tuodong", "沈主任", Roles.Leader, Tuodong),
        new("sysadmin", "韩系统", Roles.SystemAdmin, District),
        new("secadmin", "杨安全", Roles.SecurityAdmin, District),
        new("auditadmin", "朱审计", Roles.AuditAdmin, District),
    ];

    public static async Task<int> SeedAsync(UserManager<PanlongUser> users, PanlongDbContext db, DateTimeOffset now)
    {
        var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Code, u.Id }).ToDictionaryAsync(u => u.Code, u => u.Id);
        var added = 0;
        foreach (var account in All)
        {
            if (await users.FindByNameAsync(account.UserName) is not null)
            {
                continue;
            }
            var user = new PanlongUser
            {
                UserName = account.UserName,
                DisplayName = account.DisplayName,
                OrgUnitId = account.OrgCode is null ? null : units[account.OrgCode],
                IsDemo = true,
                CreatedAt = now,
                EmailConfirmed = true,
            };
            Check(await CreateWithDemoPasswordAsync(users, user));
            Check(await users.AddToRolesAsync(user, [account.Role, .. account.MoreRoles ?? []]));
            added++;
        }
        return added;
    }

    /// <summary>
    /// The demo password is known on purpose and built on the site's name, so the common-password rule (issue 15) refuses
    /// it: it is hashed directly instead of going through the password validators. Only Development seeds demo accounts.
    /// </summary>
    public static Task<IdentityResult> CreateWithDemoPasswordAsync(UserManager<PanlongUser> users, PanlongUser user)
    {
        user.PasswordHash = users.PasswordHasher.HashPassword(user, Password);
        return users.CreateAsync(user);
    }

    /// <summary>
    /// Gives the demo resident the identity of the first demo person of the registry (renamed to the account's name) and
    /// the demo business the credit code of the first demo entity, so that 信息多跑路 pre-fills their forms. Idempotent.
    /// </summary>
    public static async Task LinkIdentitiesAsync(PanlongDbContext db, CancellationToken ct = default)
    {
        var resident = await db.Users.SingleOrDefaultAsync(u => u.UserName == "resident" && u.IsDemo, ct);
        if (resident is { IdHash: null } && await db.People.Where(p => p.IsDemo && p.IdType == IdType.ResidentId && p.BirthDate < new DateOnly(2000, 1, 1))
                .OrderBy(p => p.Id).FirstOrDefaultAsync(ct) is { } person)
        {
            person.Name = resident.DisplayName;
            (resident.IdCipher, resident.IdHash, resident.IdMasked) = (person.IdCipher, person.IdHash, person.IdMasked);
        }
        var business = await db.Users.SingleOrDefaultAsync(u => u.UserName == "business" && u.IsDemo, ct);
        if (business is { CreditCode: null } && await db.LegalEntities.Where(e => e.IsDemo).OrderBy(e => e.Id).FirstOrDefaultAsync(ct) is { } entity)
        {
            entity.Name = business.DisplayName;
            business.CreditCode = entity.CreditCode;
        }
        // The demo accounts stand for holders who proved their identity (docs/decisions/0029-registration-second-factor.md).
        foreach (var account in new[] { resident, business })
        {
            if (account is { IdentityVerifiedAt: null } && (account.IdHash ?? account.CreditCode) is not null)
            {
                (account.IdentityVerifiedAt, account.IdentityVerifiedBy) = (account.CreatedAt, "演示账户");
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
