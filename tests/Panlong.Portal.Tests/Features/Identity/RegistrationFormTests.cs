using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Identity.Passwords;

namespace Panlong.Portal.Tests.Features.Identity;

/// <summary>
/// Issue 16 defect 6: the registration form tells the password rules before any failure, asks for the password twice,
/// shows only the chosen kind's fields, tells every problem at once, and rates the password as it is typed by the server's
/// own rules (the browser half is tests/Panlong.BrowserTests/RegistrationFormFlowTests.cs).
/// </summary>
[Collection(nameof(PortalCollection))]
public class RegistrationFormTests(PortalFactory portal)
{
    [Fact]
    public async Task RegistrationPage_BeforeAnyFailure_ShowsTheRules_AConfirmation_AndEachKindsFieldsApart()
    {
        var page = await portal.Anonymous().GetStringAsync("/account/register");

        Assert.Contains("data-testid=\"password-rules\"", page, StringComparison.Ordinal);
        foreach (var rule in new[] { "8 至 128 个字符", "含大写字母、小写字母、数字、符号中的至少三类", "至少 4 个不同的字符", "不是常见密码，不含用户名或平台名称" })
        {
            Assert.Contains(rule, page, StringComparison.Ordinal);
        }
        Assert.Contains("name=\"Input.Confirmation\"", page, StringComparison.Ordinal);
        // The ID number and the credit code each sit in their kind's block, which the stylesheet hides for the other kind.
        Assert.Matches("class=\"for-person register-field\">\\s*<label for=\"reg-id\">", page);
        Assert.Matches("class=\"for-entity register-field\">\\s*<label for=\"reg-uscc\">", page);
        var css = await portal.Anonymous().GetStringAsync("/app.css");
        Assert.Contains(".register-form:has(input[name=\"Input.Kind\"][value=\"Person\"]:checked) .for-entity", css, StringComparison.Ordinal);
        Assert.Contains(".register-form:has(input[name=\"Input.Kind\"][value=\"Entity\"]:checked) .for-person", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithEveryFieldWrong_TellsEveryProblemAtOnce()
    {
        using var scope = portal.Services.CreateScope();
        var registration = scope.ServiceProvider.GetRequiredService<Registration>();
        var id = ResidentIdNumber.Create("530103", new DateOnly(1988, 6, 15), Random.Shared.Next(100, 999));
        var wrong = id[..17] + (id[17] == '1' ? '2' : '1');

        var result = await registration.RegisterAsync(new(ApplicantKind.Person, "ab", "aaa", "李", wrong, null, "aab"), "127.0.0.1");

        Assert.False(result.Accepted);
        Assert.Equal(["confirmation", "idNumber", "name", "password", "userName"], result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Registration.PasswordMismatch", result.Errors["confirmation"]);
        // Every broken password rule, not only the last one checked.
        Assert.Contains("8", result.Errors["password"], StringComparison.Ordinal);
        Assert.Contains("三类", result.Errors["password"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistrationForm_WithADifferentConfirmation_IsRefusedWithTheMismatch()
    {
        var client = portal.Anonymous();
        var page = await client.GetStringAsync("/account/register");
        var response = await client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = PortalFactory.AntiforgeryToken().Match(page).Groups[1].Value,
            ["Input.Kind"] = "Person",
            ["Input.Name"] = "钱多多",
            ["Input.IdNumber"] = ResidentIdNumber.Create("530103", new DateOnly(1979, 3, 2), Random.Shared.Next(100, 999)),
            ["Input.UserName"] = $"qian.{Random.Shared.Next(100_000)}",
            ["Input.Password"] = "Yunnan#2026x",
            ["Input.Confirmation"] = "Yunnan#2026y",
        }));

        var answer = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-field=\"confirmation\"", answer, StringComparison.Ordinal);
        Assert.Contains("两次输入的密码不一致。", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("注册申请已收到", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "length classes unique", "Empty")]
    [InlineData("Zx9", "length unique", "Weak")]
    [InlineData("Password123!", "common", "Weak")]
    [InlineData("Panlong#2026", "common", "Weak")]
    [InlineData("qian.duoduo#A1", "common", "Weak")]
    [InlineData("dianchi#lake26", "", "Fair")]
    [InlineData("Dianchi#Lake26", "", "Strong")]
    public async Task PasswordCheck_AsTheUserTypes_NamesTheRulesNotMetByTheServersOwnValidators(string password, string unmet, string strength)
    {
        var response = await portal.Anonymous().PostAsJsonAsync("/account/password-check", new PasswordCheckRequest(password, "qian.duoduo"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<PasswordCheckResponse>())!;
        Assert.Equal(unmet, string.Join(' ', answer.Unmet));
        Assert.Equal(strength, answer.Strength);
        Assert.False(string.IsNullOrEmpty(answer.Label));
        // The same verdict as the registration itself: no rule unmet exactly when the server would accept the password.
        using var scope = portal.Services.CreateScope();
        var registration = await scope.ServiceProvider.GetRequiredService<Registration>()
            .RegisterAsync(new(ApplicantKind.Entity, "qian.duoduo", password, "", null, null), "127.0.0.1");
        Assert.Equal(answer.Unmet.Count == 0, !registration.Errors.ContainsKey("password"));
    }
}
