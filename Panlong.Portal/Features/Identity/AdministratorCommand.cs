using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;

namespace Panlong.Portal.Features.Identity;

/// <summary>
/// <c>create-admin &lt;user&gt; [--role SecurityAdmin|SystemAdmin|AuditAdmin] [--existing]</c>: the first administrator of a
/// production install (which seeds no accounts); with <c>--existing</c>, an existing account made that administrator again with a new password.
/// The password comes from PANLONG_ADMIN_PASSWORD or standard input.
/// </summary>
public static class AdministratorCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var userName = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var roleIndex = Array.IndexOf(args, "--role");
        var role = roleIndex >= 0 && roleIndex + 1 < args.Length ? args[roleIndex + 1] : Roles.SecurityAdmin;
        if (string.IsNullOrWhiteSpace(userName) || !Roles.Administrators.Contains(role))
        {
            await Console.Error.WriteLineAsync($"用法：create-admin <用户名> [--role {string.Join("|", Roles.Administrators)}] [--existing]，密码取自环境变量 PANLONG_ADMIN_PASSWORD 或标准输入；--existing 将已有账户重设为该管理员。");
            return 1;
        }
        var password = Environment.GetEnvironmentVariable("PANLONG_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Write("密码 (password): ");
            password = Console.ReadLine() ?? "";
        }
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PanlongDbContext>();
        // Without --existing a taken name is refused as before (the identity error says so): a typo must not reset someone's password.
        var existing = args.Contains("--existing") ? await users.FindByNameAsync(userName) : null;
        var (result, before) = existing is null ? (await CreateAsync(users, db, userName, password, role), "") : await RestoreAsync(users, existing, password, role);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync("未能创建管理员：" + string.Join(" ", result.Errors.Select(e => e.Description)));
            return 1;
        }
        await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(AuditActions.AdministratorCreated, null, "create-admin", target: userName,
            detail: existing is null ? role : $"{before} -> {role}");
        Console.WriteLine(existing is null
            ? $"已创建管理员 {userName}（{role}）。 (Administrator created.)"
            : $"已将账户 {userName} 设为管理员（{role}）并重设密码。 (Existing account made {role}, password reset.)");
        return 0;
    }

    private static async Task<IdentityResult> CreateAsync(UserManager<PanlongUser> users, PanlongDbContext db, string userName, string password, string role)
    {
        var district = await db.OrgUnits.SingleAsync(u => u.Kind == OrgUnitKind.District);
        var user = new PanlongUser
        {
            UserName = userName,
            DisplayName = userName,
            OrgUnitId = district.Id,
            CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, password);
        return result.Succeeded ? await users.AddToRoleAsync(user, role) : result;
    }

    /// <summary>
    /// The server's way past the two-person rule (docs/decisions/0030-admin-two-person-rule.md): whoever runs the command on the
    /// server may make an existing account the administrator again — say the real auditor after a demotion — with a new password.
    /// Administrators hold no other role, so the account's roles become exactly this one.
    /// </summary>
    private static async Task<(IdentityResult Result, string Before)> RestoreAsync(UserManager<PanlongUser> users, PanlongUser user, string password, string role)
    {
        var current = await users.GetRolesAsync(user);
        var result = await users.RemovePasswordAsync(user);
        if (result.Succeeded)
        {
            result = await users.AddPasswordAsync(user, password);
        }
        if (result.Succeeded)
        {
            result = await RoleGrants.ReplaceRolesAsync(users, user, current, [role]);
        }
        if (result.Succeeded)
        {
            result = await users.SetLockoutEndDateAsync(user, null);
        }
        return (result, string.Join(",", current.Order()));
    }
}
