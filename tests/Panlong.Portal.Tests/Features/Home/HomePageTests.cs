using System.Net;

namespace Panlong.Portal.Tests.Features.Home;

/// <summary>One address, a home for each kind of person (issue 16): the visitor's public one, the resident's own matters, staff work.</summary>
[Collection(nameof(PortalCollection))]
public class HomePageTests(PortalFactory portal)
{
    [Fact]
    public async Task Home_ForAVisitor_IsThePublicHomeNotTheSignIn()
    {
        var response = await portal.Anonymous().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Has(html, "data-testid=\"public-home\"", "data-testid=\"home-track\"", "href=\"/account/register\"");
        Lacks(html, "data-testid=\"home-counts\"");
    }

    [Fact]
    public async Task Home_ForAResident_ShowsTheirOwnMattersAndNoStaffEntriesOrFigures()
    {
        var html = await HomeOfAsync("resident");

        Has(html, "data-testid=\"resident-home\"", "data-testid=\"home-applications\"", "data-testid=\"home-reports\"", "data-testid=\"home-services\"", "我的办件");
        Lacks(html, "案件工作台", "我的待办", "href=\"/tasks\"", "data-testid=\"home-counts\"");
    }

    [Fact]
    public async Task Home_ForAGridWorker_ShowsTheirInboxTheirDesksAndTheirAreasFigures()
    {
        var html = await HomeOfAsync("gridworker");

        Has(html, "data-testid=\"staff-home\"", "data-testid=\"home-tasks\"", "data-href=\"/registry/people\"", "data-href=\"/cases/report\"", "data-testid=\"home-counts\"");
        Lacks(html, "data-testid=\"resident-home\"");
    }

    [Fact]
    public async Task Home_ForALeader_LeadsToTheAppraisalAndTheBoardButNotToAnotherRolesDesk()
    {
        var html = await HomeOfAsync("leader");

        Has(html, "data-href=\"/appraisal\"", "data-href=\"/cases/board\"");
        Lacks(html, "data-href=\"/window\"", "data-href=\"/admin/");
    }

    private async Task<string> HomeOfAsync(string userName) =>
        WebUtility.HtmlDecode(await (await portal.SignedInAsync(userName)).GetStringAsync("/"));

    private static void Has(string html, params string[] parts) => Assert.All(parts, p => Assert.Contains(p, html, StringComparison.Ordinal));

    private static void Lacks(string html, params string[] parts) => Assert.All(parts, p => Assert.DoesNotContain(p, html, StringComparison.Ordinal));
}
