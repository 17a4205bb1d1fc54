using System.Security.Claims;
using System.Globalization;
using System.Reflection;
using System.Xml.Linq;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Panlong.Data.Identity;
using Panlong.Portal.Components.Layout;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests.Features.Shell;

public class NavMenuTests : PortalComponentTest
{
    private const string Registries = "/registry/people /registry/entities /registry/buildings /registry/houses";

    /// <summary>Every role of Panlong (Roles.All) and the visitor, each with the entries it sees, in menu order (issue 16).</summary>
    public static TheoryData<string, string> MenuByRole => new()
    {
        { "", "/ /guide /account/login /account/register" },
        { Roles.Resident, "/ /guide /my/applications /volunteer /orders /needs /activities /party /forum /law /cases/report" },
        { Roles.Volunteer, "/ /guide /volunteer /volunteer/orders /volunteer/supermarket /activities /forum /law /cases /cases/report /tasks /sites/mine" },
        { Roles.GridWorker, $"/ /guide /orders /activities /community /community/volunteers /community/needs /community/orders /forum /cases /cases/report /tasks {Registries} /map /patrol /sites/mine /care /organization" },
        { Roles.Inspector, $"/ /guide /cases /cases/report /tasks {Registries} /map /patrol /organization" },
        { Roles.Supervisor, $"/ /guide /cases /cases/report /tasks {Registries} /map /patrol /sites /care /organization" },
        { Roles.Acceptor, "/ /guide /cases /cases/report /cases/board /tasks /map /patrol/live /incidents /cameras /sites /organization" },
        { Roles.ShiftLead, "/ /guide /cases /cases/board /tasks /map /patrol/live /incidents /cameras /sites /care /organization" },
        { Roles.Dispatcher, "/ /guide /cases /cases/board /tasks /map /patrol/live /incidents /cameras /sites /organization" },
        { Roles.DepartmentHandler, "/ /guide /cases /tasks /map /incidents /care /organization" },
        { Roles.WindowClerk, $"/ /guide /window /window/activate /services/statistics /tasks {Registries} /map /organization" },
        { Roles.Approver, "/ /guide /orders /activities /community /community/volunteers /community/needs /community/orders /forum /law /approvals /services/statistics /tasks /map /care /organization" },
        { Roles.Leader, $"/ /guide /activities /community /community/volunteers /community/needs /community/orders /services/statistics /cases /cases/board /appraisal /appraisal/reports /tasks {Registries} /map /patrol/live /incidents /cameras /sites /spotcheck/plans /spotcheck/summary /care /organization /rotation" },
        { Roles.SystemAdmin, "/ /guide /organization /rotation /admin/departments /admin/processes /admin/calendar /admin/case-categories /admin/open311-upstream /admin/services /admin/care-kinds /admin/appraisal /admin/points /admin/cameras /admin/operations /admin/role-requests" },
        { Roles.SecurityAdmin, "/ /guide /admin/users /admin/clients /admin/webhooks /admin/role-requests" },
        { Roles.AuditAdmin, "/ /guide /admin/role-requests /admin/audit" },
        { Roles.PartyOrganizer, "/ /guide /party/organize" },
        { Roles.SupermarketKeeper, "/ /guide /supermarket" },
        { Roles.SecurityPatroller, "/ /guide /cases /cases/report /patrol /sites/mine" },
        { Roles.SpotChecker, "/ /guide /spotcheck /spotcheck/plans /spotcheck/summary" },
    };

    [Theory]
    [MemberData(nameof(MenuByRole))]
    public void Menu_ForEachRole_ShowsItsOwnEntries(string role, string expected)
    {
        if (role.Length > 0)
        {
            SignIn(role);
        }
        else
        {
            AddAuthorization();
        }

        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => a.GetAttribute("href"));
        Assert.Equal(expected, string.Join(' ', links));
    }

    [Fact]
    public void MenuByRole_PinsEveryRole()
    {
        var pinned = MenuByRole.Select(row => (string)row[0]).Where(r => r.Length > 0);

        Assert.Equal(Roles.All.Order(), pinned.Order());
    }

    [Theory]
    [InlineData("resident", "/ /guide /my/applications /volunteer /orders /needs /activities /party /forum /law /cases/report")]
    [InlineData("center.tuodong", "/ /guide /cases /cases/report /cases/board /tasks /map /patrol/live /incidents /cameras /sites /care /organization")]
    [InlineData("station.dongzhuang", "/ /guide /cases /cases/report /cases/board /tasks /map /patrol/live /incidents /cameras /sites /care /organization")]
    public void Menu_ForADemoAccountWithSeveralPosts_ShowsEachPostsEntriesOnce(string userName, string expected)
    {
        var account = Panlong.Workflows.Demo.DemoAccounts.All.Single(a => a.UserName == userName);
        SignIn([account.Role, .. account.MoreRoles ?? []]);

        var menu = Render<NavMenu>();

        Assert.Equal(expected, string.Join(' ', menu.FindAll("a").Select(a => a.GetAttribute("href"))));
    }

    [Theory]
    [InlineData("zh-CN", "首页", "组织与网格")]
    [InlineData("en", "Home", "Organization & grids")]
    public void Menu_SpeaksTheChosenLanguage(string culture, string home, string organization)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            SignIn(Roles.Dispatcher);

            var menu = Render<NavMenu>();

            var text = menu.Find("nav").TextContent;
            Assert.Contains(home, text, StringComparison.Ordinal);
            Assert.Contains(organization, text, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void LanguageMenu_OffersBothLanguagesAndReturnsToTheSamePage()
    {
        SignIn(Roles.Dispatcher);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/organization");
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, "<p>body</p>"));

        layout.Find("[data-testid=language-menu] button").Click();

        var links = layout.FindAll("a[href^='/culture/set']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/culture/set?culture=en&redirectUri=%2Forganization", links);
        Assert.Contains("/culture/set?culture=zh-CN&redirectUri=%2Forganization", links);
    }
}

public class ShellConsistencyTests
{
    [Fact]
    public void EveryMenuEntry_IsGuardedByTheSameRolesOnItsPage()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Type: t)))
            .ToDictionary(p => p.Template, p => p.Type);

        foreach (var item in Navigation.Items)
        {
            // A public page (the service guide) says so explicitly, and its menu entry has no roles.
            if (pages[item.Href].GetCustomAttribute<AllowAnonymousAttribute>() is not null)
            {
                Assert.Null(item.Roles);
                continue;
            }
            var authorize = pages[item.Href].GetCustomAttribute<AuthorizeAttribute>();
            Assert.NotNull(authorize);
            Assert.Equal(item.Roles, authorize.Roles);
        }
    }

    [Fact]
    public void MenuEntries_NarrowOnlyWhoSeesThem_NeverWhoMayOpenThePage()
    {
        foreach (var item in Navigation.Items.Where(i => i.ShownTo is not null))
        {
            Assert.NotNull(item.Roles);
            Assert.Empty(item.ShownTo!.Split(',').Except(item.Roles.Split(',')));
        }
    }

    [Fact]
    public void VisitorEntries_OpenPublicPages()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Type: t)))
            .ToDictionary(p => p.Template, p => p.Type);

        Assert.All(Navigation.VisitorItems, item => Assert.NotNull(pages[item.Href].GetCustomAttribute<AllowAnonymousAttribute>()));
    }

    [Fact]
    public void EnglishStrings_CoverEveryChineseString()
    {
        var dir = Path.Combine(RepositoryRoot(), "Panlong.Portal", "Resources");
        static HashSet<string> Keys(string file) => XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

        var zh = Keys(Path.Combine(dir, "SharedResource.resx"));
        var en = Keys(Path.Combine(dir, "SharedResource.en.resx"));

        Assert.Empty(zh.Except(en));
        Assert.Empty(en.Except(zh));
    }

    [Fact]
    public void EveryLiteralKeyUsedInTheUi_HasAString()
    {
        var root = RepositoryRoot();
        var zh = XDocument.Load(Path.Combine(root, "Panlong.Portal", "Resources", "SharedResource.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var used = Directory.EnumerateFiles(Path.Combine(root, "Panlong.Portal"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "L\\[\"([A-Za-z]+\\.[A-Za-z]+)\"\\s*[\\],]").Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(zh));
    }

    [Fact]
    public void EveryRoleDutyAndKind_HasAString()
    {
        var zh = XDocument.Load(Path.Combine(RepositoryRoot(), "Panlong.Portal", "Resources", "SharedResource.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var needed = Roles.All.Select(r => "Role." + r)
            .Concat(Enum.GetNames<Data.Organization.GridDuty>().Select(d => "Duty." + d))
            .Concat(Enum.GetNames<Data.Organization.OrgUnitKind>().Select(k => "OrgKind." + k))
            .Concat(Enum.GetNames<Data.Registry.NumberProblem>().Select(p => "Registry.IdNumber." + p))
            .Concat(Enum.GetNames<Data.Registry.Gender>().Select(g => "Gender." + g))
            .Concat(Enum.GetNames<Data.Registry.HouseholdType>().Select(h => "Household." + h))
            .Concat(Enum.GetNames<Data.Registry.SpecialGroups>().Select(g => "Group." + g));

        Assert.Empty(needed.Except(zh));
    }

    [Fact]
    public void EveryValidationIssueAndRefusal_HasAString()
    {
        var root = RepositoryRoot();
        var zh = XDocument.Load(Path.Combine(root, "Panlong.Portal", "Resources", "SharedResource.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var validator = string.Concat(new[] { "ProcessValidator.cs", "ProcessContract.cs", "DefinitionStore.cs" }
            .Select(file => File.ReadAllText(Path.Combine(root, "Panlong.Workflows", "Engine", "Definitions", file))));
        var codes = System.Text.RegularExpressions.Regex.Matches(validator, "(?:[Aa]dd|ValidationIssue)\\(\"([A-Za-z]+)\"").Select(m => "WfIssue." + m.Groups[1].Value).ToHashSet();
        var needed = codes
            .Concat(Enum.GetNames<Panlong.Workflows.Engine.Runtime.Refusal>().Select(r => "Refusal." + r))
            .Concat(Enum.GetNames<Panlong.Workflows.Engine.Tasks.ClaimOutcome>().Select(c => "Claim." + c))
            .Concat(Enum.GetNames<Data.Workflows.StepKind>().Select(k => "StepKind." + k));

        Assert.True(codes.Count > 25, $"only {codes.Count} issue codes found");
        Assert.Empty(needed.Except(zh));
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Panlong.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Panlong.sln not found above the test folder.");
    }
}
