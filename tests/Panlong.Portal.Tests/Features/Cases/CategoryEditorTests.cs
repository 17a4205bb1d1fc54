using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Cases;

[Collection(nameof(PortalCollection))]
public class CategoryEditorTests(PortalFactory portal)
{
    private CategoryEditor Editor => portal.Services.GetRequiredService<CategoryEditor>();

    private static readonly WorkflowActor Admin = new("admin-1", "韩系统", new HashSet<string> { Roles.SystemAdmin }, DataScope.None);

    private async Task<Data.Cases.CaseCategory> LoadAsync(string code)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        return await db.CaseCategories.AsNoTracking().SingleAsync(c => c.Code == code);
    }

    private static CategoryForm FormOf(Data.Cases.CaseCategory c, double handle, string? department = null) => new(c.Id, c.Version, c.Name, c.FilingStandard,
        c.ClosingStandard, c.VerifyHours, c.DispatchHours, handle, c.CheckHours, department ?? c.DefaultDepartmentCode, c.IsActive);

    [Fact]
    public async Task TimeLimitChange_ByAnAdministrator_IsAuditedAndAStaleFormIsRefused()
    {
        var before = await LoadAsync("04-02");
        Assert.Null(await Editor.SaveAsync(FormOf(before, 32), Admin));
        var after = await LoadAsync("04-02");
        Assert.Equal(32, after.HandleHours);
        Assert.Equal(("", "Refusal.ChangedBySomeoneElse"), await Editor.SaveAsync(FormOf(before, 24), Admin));

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "CaseCategory.Edit" && a.Target == "04-02" && a.Detail!.Contains("32h")));
    }

    [Theory]
    [InlineData(0, null, "handleHours", "Categories.Hours.Range")]
    [InlineData(-4, null, "handleHours", "Categories.Hours.Range")]
    [InlineData(8, "530103-BM99", "department", "Categories.Department.Unknown")]
    public async Task BadValues_AreRefused_NamingTheField(double hours, string? department, string field, string key)
    {
        var category = await LoadAsync("10-02");
        Assert.Equal((field, key), await Editor.SaveAsync(FormOf(category, hours, department), Admin));
    }
}
