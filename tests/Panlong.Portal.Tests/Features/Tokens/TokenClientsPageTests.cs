using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Portal.Features.Tokens;

namespace Panlong.Portal.Tests.Features.Tokens;

/// <summary>The security administrator's client page on the running portal's services: a secret is shown once, then never again.</summary>
[Collection(nameof(PortalCollection))]
public class TokenClientsPageTests(PortalFactory portal) : PortalComponentTest
{
    [Fact]
    public async Task RotateSecret_ShowsTheNewSecretOnceAndNeverAgain()
    {
        var scope = portal.Services.CreateAsyncScope();
        await using var _ = scope;
        var clients = scope.ServiceProvider.GetRequiredService<PartnerClients>();
        var center = (await clients.BindableUnitsAsync()).First(u => u.Kind == OrgUnitKind.CommandCenter);
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "secadmin")], "test"));
        var created = (await clients.CreateAsync(new PartnerClientForm("页面测试系统", center.Id, [TokenScopes.CasesRead]), admin)).Secret!;
        Services.AddSingleton(clients);
        SignIn(Roles.SecurityAdmin);

        var page = Render<TokenClientsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-client='{created.ClientId}']")));
        Assert.Empty(page.FindAll("[data-testid=client-secret]"));
        page.Find($"[data-client='{created.ClientId}'] [data-testid=client-rotate]").Click();

        var shown = page.WaitForElement("[data-testid=client-secret]").TextContent.Trim();
        var app = await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(created.ClientId);
        Assert.True(await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().ValidateClientSecretAsync(app!, shown));
        page.Find("[data-testid=client-secret-done]").Click();
        Assert.DoesNotContain(shown, page.Markup, StringComparison.Ordinal);
        var again = Render<TokenClientsPage>();
        again.WaitForAssertion(() => Assert.NotEmpty(again.FindAll($"[data-client='{created.ClientId}']")));
        Assert.DoesNotContain(shown, again.Markup, StringComparison.Ordinal);
    }
}
