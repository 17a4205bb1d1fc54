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
    [Theory]
    [InlineData(Roles.Dispatcher, new[] { "/", "/guide", "/cases", "/cases/board", "/tasks", "/map", "/organization" })]
    [InlineData(Roles.Leader, new[] { "/", "/guide", "/services/statistics", "/cases", "/cases/board", "/appraisal", "/appraisal/reports", "/tasks", "/registry/people", "/registry/entities", "/registry/buildings", "/registry/houses", "/map", "/organization" })]
    [InlineData(Roles.GridWorker, new[] { "/", "/guide", "/cases", "/cases/report", "/tasks", "/registry/people", "/registry/entities", "/registry/buildings", "/registry/houses", "/map", "/organization" })]
    [InlineData(Roles.Resident, new[] { "/", "/guide", "/my/applications", "/cases", "/cases/report", "/tasks" })]
    [InlineData(Roles.WindowClerk, new[] { "/", "/guide", "/window", "/window/activate", "/services/statistics", "/tasks", "/registry/people", "/registry/entities", "/registry/buildings", "/registry/houses", "/map", "/organization" })]
    [InlineData(Roles.Approver, new[] { "/", "/guide", "/approvals", "/services/statistics", "/tasks", "/map", "/organization" })]
    [InlineData(Roles.Volunteer, new[] { "/", "/guide", "/cases", "/cases/report", "/tasks" })]
    [InlineData(Roles.SystemAdmin, new[] { "/", "/guide", "/organization", "/admin/departments", "/admin/processes", "/admin/calendar", "/admin/case-categories", "/admin/services", "/admin/appraisal", "/admin/role-requests" })]
    [InlineData(Roles.SecurityAdmin, new[] { "/", "/guide", "/admin/users", "/admin/role-requests" })]
    [InlineData(Roles.AuditAdmin, new[] { "/", "/guide", "/admin/role-requests", "/admin/audit" })]
    public void Menu_ShowsWhatTheRoleMayOpen(string role, string[] expected)
    {
        SignIn(role);

        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => a.GetAttribute("href")).ToArray();
        Assert.Equal(expected, links);
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
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "L\\[\"([A-Za-z]+\\.[A-Za-z]+)\"").Select(m => m.Groups[1].Value))
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
