using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Demo;

/// <summary>
/// The article's story as demo data: 东庄社区's staff post service orders for residents living alone through
/// <see cref="ServiceOrderService"/>, for the demo volunteers' skills (禁毒 and 助老, DemoVolunteers) tomorrow. Made once.
/// </summary>
public static class DemoServiceOrders
{
    private const string Dongzhuang = "530103001001";
    private static readonly (int Skill, int Hour, string Description)[] Plans =
    [
        (6, 9, "独居老人需要打扫卫生、陪同聊天"),
        (6, 14, "帮老人买菜、取药"),
        (5, 15, "社区禁毒宣传资料入户发放"),
    ];

    public static async Task<int> SeedAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        if (await db.ServiceOrders.AnyAsync(ct))
        {
            return 0;
        }
        var path = $"/530103/{Dongzhuang[..9]}/{Dongzhuang}/";
        var people = await db.People.AsNoTracking().Where(p => p.IsDemo && p.HouseId != null && p.ScopePath.StartsWith(path))
            .OrderByDescending(p => (p.Groups & SpecialGroups.LivingAlone) != 0).ThenBy(p => p.Id).Take(Plans.Length).Select(p => p.Id).ToListAsync(ct);
        var staff = new WorkflowActor("demo-approver", "姜审批", new HashSet<string> { Roles.Approver }, new DataScope(path));
        var tomorrow = ChinaTime.StartOf(ChinaTime.DateOf(now).AddDays(1));
        var orders = services.GetRequiredService<ServiceOrderService>();
        var posted = 0;
        for (var i = 0; i < people.Count; i++)
        {
            var (skill, hour, description) = Plans[i];
            var result = await orders.PostAsync(staff, new ServiceOrderForm(skill, people[i], tomorrow.AddHours(hour), tomorrow.AddHours(hour + 2), description), ct);
            posted += result.Ok ? 1 : 0;
        }
        return posted;
    }
}
