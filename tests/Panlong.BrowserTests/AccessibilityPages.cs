namespace Panlong.BrowserTests;

/// <summary>One page the accessibility check opens: who is signed in (null: nobody), where, and what shows it ready.</summary>
public sealed record AccessiblePage(string Name, string? User, string Path, string Ready = AccessibilityPages.Live);

/// <summary>
/// The main pages of issue 16's accessibility check, the one list to extend. <see cref="AccessibilityPages.ReportedCase"/>
/// in a path stands for the number of a case the check reports first (the shared portal starts without cases).
/// </summary>
public static class AccessibilityPages
{
    public const string Live = BrowserFixture.Live;
    public const string ReportedCase = "{reported-case}";
    private const string Map = "[data-testid=district-map][data-ready=true]";

    public static readonly IReadOnlyList<AccessiblePage> All =
    [
        new("sign-in", null, "/account/login", "#login-submit"),
        new("registration", null, "/account/register", "main form"),
        new("public home", null, "/"),
        new("guide", null, "/guide"),
        new("guide item", null, "/guide/JF-00101"),
        new("track (unknown number)", null, "/track/BJ000000000000"),
        new("resident home", "resident", "/"),
        new("apply", "resident", "/services/apply/JF-00101", "[data-testid=apply-form]"),
        new("my applications", "resident", "/my/applications"),
        new("grid worker home", "gridworker", "/"),
        new("report case", "inspector", "/cases/report", Map),
        new("case detail", "inspector", $"/cases/{ReportedCase}", "[data-testid=case-number]"),
        new("case desk", "dispatcher", "/cases"),
        new("leader home", "leader", "/"),
        new("map", "leader", "/map", Map),
        new("appraisal dashboard", "leader", "/appraisal"),
        new("audit log", "auditadmin", "/admin/audit"),
        new("users", "secadmin", "/admin/users"),
        new("window desk", "clerk", "/window"),
    ];

    /// <summary>The pages residents and grid workers use on a phone: touch targets of at least 44 px there.</summary>
    public static readonly IReadOnlyList<AccessiblePage> Phone =
    [
        .. All.Where(p => p.User is null or "resident"),
        new("report case", "gridworker", "/cases/report", Map),
    ];
}
