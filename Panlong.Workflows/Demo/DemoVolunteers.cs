using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Demo;

/// <summary>
/// A few volunteers of 东庄社区 made the way real ones are: a verified resident account of a demo registry person applies
/// through <see cref="VolunteerService"/>, and the community's approver approves on the engine. Made once.
/// </summary>
public static class DemoVolunteers
{
    private const string Dongzhuang = "530103001001";
    private static readonly (int Skill, string Availability)[] Plans = [(5, "每天送水途中"), (1, "周六 09:00-12:00"), (6, "工作日下午")];

    /// <summary>How many demo volunteers (each with an account of their own) the seed makes when the demo registry has them.</summary>
    public static int Count => Plans.Length;

    public static async Task<int> SeedAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        if (await db.Volunteers.AnyAsync(ct))
        {
            return 0;
        }
        var path = $"/530103/{Dongzhuang[..9]}/{Dongzhuang}/";
        var taken = await db.Users.Where(u => u.IdHash != null).Select(u => u.IdHash).ToListAsync(ct);
        var people = await db.People.AsNoTracking()
            .Where(p => p.IsDemo && p.IdType == IdType.ResidentId && p.ScopePath.StartsWith(path) && p.BirthDate < new DateOnly(2000, 1, 1) && !taken.Contains(p.IdHash))
            .OrderBy(p => p.Id).Take(Plans.Length).ToListAsync(ct);
        var residentRole = await db.Roles.Where(r => r.Name == Roles.Resident).Select(r => r.Id).SingleAsync(ct);
        var volunteers = services.GetRequiredService<VolunteerService>();
        var approver = new WorkflowActor("demo-approver", "姜审批", new HashSet<string> { Roles.Approver }, new DataScope(path));
        for (var i = 0; i < people.Count; i++)
        {
            var person = people[i];
            var user = new PanlongUser
            {
                UserName = $"volunteer.{i + 1}", NormalizedUserName = $"VOLUNTEER.{i + 1}", DisplayName = person.Name, IsDemo = true, CreatedAt = now,
                SecurityStamp = Guid.NewGuid().ToString("N"), IdCipher = person.IdCipher, IdHash = person.IdHash, IdMasked = person.IdMasked,
                IdentityVerifiedAt = now, IdentityVerifiedBy = "演示账户",
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = residentRole });
            await db.SaveChangesAsync(ct);
            var resident = new WorkflowActor(user.Id, user.DisplayName, new HashSet<string> { Roles.Resident }, DataScope.None);
            var applied = await volunteers.ApplyAsync(resident, new VolunteerForm([Plans[i].Skill], Plans[i].Availability, null), ct);
            if (applied.Ok)
            {
                await volunteers.DecideAsync(applied.Id!.Value, VolunteerContract.Approve, approver, "演示数据", ct: ct);
            }
        }
        return people.Count;
    }

    /// <summary>
    /// A verified account of a demo person of the community (<paramref name="path"/>), with the demo password, that applies with
    /// <paramref name="form"/> and is approved on the engine like any volunteer; null when the account exists or no person is left.
    /// </summary>
    public static async Task<WorkflowActor?> SignedUpAsync(IServiceProvider services, PanlongDbContext db, string userName, string path, VolunteerForm form,
        DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.UserName == userName, ct))
        {
            return null;
        }
        var taken = await db.Users.Where(u => u.IdHash != null).Select(u => u.IdHash).ToListAsync(ct);
        var person = await db.People.AsNoTracking()
            .Where(p => p.IsDemo && p.IdType == IdType.ResidentId && p.ScopePath.StartsWith(path) && p.BirthDate < new DateOnly(1995, 1, 1) && !taken.Contains(p.IdHash))
            .OrderBy(p => p.Id).FirstOrDefaultAsync(ct);
        if (person is null)
        {
            return null;
        }
        var user = new PanlongUser
        {
            UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = person.Name, IsDemo = true, CreatedAt = now,
            SecurityStamp = Guid.NewGuid().ToString("N"), IdCipher = person.IdCipher, IdHash = person.IdHash, IdMasked = person.IdMasked,
            IdentityVerifiedAt = now, IdentityVerifiedBy = "演示账户",
        };
        // The host's hasher options (a test host lowers the iterations, docs/decisions/0106-test-password-hashing.md).
        user.PasswordHash = new PasswordHasher<PanlongUser>(services.GetService<Microsoft.Extensions.Options.IOptions<PasswordHasherOptions>>()).HashPassword(user, DemoAccounts.Password);
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = await db.Roles.Where(r => r.Name == Roles.Resident).Select(r => r.Id).SingleAsync(ct) });
        await db.SaveChangesAsync(ct);
        var volunteers = services.GetRequiredService<VolunteerService>();
        var resident = new WorkflowActor(user.Id, user.DisplayName, new HashSet<string> { Roles.Resident }, DataScope.None);
        var applied = await volunteers.ApplyAsync(resident, form, ct);
        var approver = new WorkflowActor("demo-approver", "姜审批", new HashSet<string> { Roles.Approver }, new DataScope(path));
        if (!applied.Ok || !(await volunteers.DecideAsync(applied.Id!.Value, VolunteerContract.Approve, approver, "演示数据", ct: ct)).Ok)
        {
            return null;
        }
        return new WorkflowActor(user.Id, user.DisplayName, new HashSet<string> { Roles.Volunteer }, DataScope.None);
    }
}
