using Bunit;
using Microsoft.AspNetCore.Components;
using Panlong.Data.Identity;
using Panlong.Portal.Components.Layout;

namespace Panlong.Portal.Tests.Components.Layout;

/// <summary>Staff reach their optional two-factor enrolment from the account menu (docs/decisions/0026-two-factor-sign-in.md).</summary>
public class AccountMenuTests : PortalComponentTest
{
    [Theory]
    [InlineData(Roles.Inspector, true)]
    [InlineData(Roles.Leader, true)]
    [InlineData(Roles.Resident, false)]
    public void AccountMenu_OffersTwoFactor_ToStaff(string role, bool offered)
    {
        SignIn(role);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, "<p>body</p>"));

        // The user menu is a button menu, reached with Tab (docs/decisions/0039-accessibility-check.md).
        layout.Find("[data-testid=user-chip] button").Click();

        Assert.Equal(offered, layout.FindAll("a[href='/account/two-factor']").Count == 1);
    }
}
