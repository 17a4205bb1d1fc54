using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Audit;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Identity.TwoFactor;
using Panlong.Portal.Resources;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Audit;

/// <summary>Issue 16 defect 3: every action the code writes has a name in both languages, and the known detail codes read as sentences.</summary>
public class AuditCatalogTests
{
    private static readonly IStringLocalizer L = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)
        .Create(typeof(SharedResource));

    /// <summary>The action constants, and the decisions the application and case services audit as <c>Application.{trigger}</c> / <c>Case.{trigger}</c>.</summary>
    public static TheoryData<string> Written()
    {
        static IEnumerable<string> Constants(Type type) => type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);
        static IEnumerable<string> Audited(Type service, string prefix) =>
            ((IEnumerable<string>)service.GetField("Audited", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!).Select(t => prefix + t);
        return [.. Constants(typeof(AuditActions)), .. Constants(typeof(AccountAuditActions)), .. Constants(typeof(TwoFactorAuditActions)),
            .. Constants(typeof(RoleGrantActions)), .. Constants(typeof(Panlong.Workflows.PartyStudy.PartyStudyAudit)), .. Audited(typeof(ApplicationService), "Application."), .. Audited(typeof(CaseService), "Case.")];
    }

    [Theory]
    [MemberData(nameof(Written))]
    public void Catalogue_ActionTheCodeWrites_IsListed(string action) => Assert.Contains(action, AuditCatalog.All);

    /// <summary>Actions written as literals (<c>audit.Create("Registry.Lookup", …)</c>) are in the catalogue too.</summary>
    [Fact]
    public void Catalogue_ActionWrittenAsALiteral_IsListed()
    {
        var root = Shell.ShellConsistencyTests.RepositoryRoot();
        var literals = new[] { "Panlong.Data", "Panlong.Workflows", "Panlong.Portal" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(root, project), "*.*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"[Aa]udit\.(?:Create|WriteAsync)\(""([A-Za-z.]+)""\s*[,)]")
                .Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.NotEmpty(literals);
        Assert.Empty(literals.Except(AuditCatalog.All));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void Catalogue_EveryAction_HasANameInTheLanguage(string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            Assert.All(AuditCatalog.All, action =>
            {
                Assert.False(L["AuditAction." + action].ResourceNotFound, action);
                Assert.Equal(culture == "en", !System.Text.RegularExpressions.Regex.IsMatch(AuditCatalog.Name(L, action), @"\p{IsCJKUnifiedIdeographs}"));
            });
            Assert.Equal(AuditCatalog.All.Count, AuditCatalog.All.Distinct().Count());
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Name_OfAnActionNotInTheCatalogue_IsTheActionNotAResourceKey() => Assert.Equal("Something.New", AuditCatalog.Name(L, "Something.New"));

    [Theory]
    [InlineData(AuditActions.SignInFailed, "wrong password", "密码错误", "Wrong password")]
    [InlineData(AuditActions.SignInFailed, "wrong recovery code", "恢复码错误", "Wrong recovery code")]
    [InlineData(AuditActions.LockedOut, "locked after 5 failures", "连续失败 5 次后锁定", "Locked after 5 failed attempts")]
    [InlineData(AuditActions.SignIn, "authenticator code", "使用动态验证码", "With the authenticator code")]
    [InlineData(AuditActions.SignOut, "idle", "长时间未操作，自动退出", "Signed out after a period of inactivity")]
    [InlineData(AccountAuditActions.PasswordReset, "by SMS code", "凭短信验证码", "With a text-message code")]
    [InlineData(AccountAuditActions.SessionsEnded, "all 3 session(s) ended by the user", "本人结束了全部 3 个会话", "The user ended all 3 session(s)")]
    [InlineData(AuditActions.UserCreated, "GridWorker", "角色：网格员", "Role: Grid worker")]
    [InlineData(AuditActions.RoleChanged, " -> Resident", "无角色 → 居民", "no role → Resident")]
    [InlineData(AuditActions.AuditVerified, "intact 120", "链完整，共 120 行", "Chain intact, 120 rows")]
    [InlineData(AuditActions.AuditChainBroken, "broken at 3 (altered)", "在第 3 行断开：该行被改动", "Broken at row 3: the row was changed")]
    [InlineData(AuditActions.AuditExported, "xlsx 12 action=SignIn from=2026-11-01", "导出 XLSX 文件，12 行；筛选：事件 登录成功；起始日期 2026-11-01",
        "XLSX file of 12 rows; filter: Event Signed in; From 2026-11-01")]
    [InlineData(AuditActions.PersonalDataRevealed, "Phone of 张*", "查看 张* 的手机号", "phone number of 张*")]
    [InlineData(AuditActions.SignInFailed, "未知账户登录失败 4 次 (4 failed sign-ins with unknown user names)", "未知账户登录失败 4 次", "4 failed sign-ins with unknown user names")]
    [InlineData("Application.RequestSupplement", "身份证 530103199001011234 不清晰", "身份证 530103********1234 不清晰", "身份证 530103********1234 不清晰")]
    public void Describe_KnownCodeAndFreeText_ReadsInTheLanguageMasked(string action, string detail, string chinese, string english)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal(chinese, AuditDetails.Describe(L, action, detail));
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal(english, AuditDetails.Describe(L, action, detail));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
