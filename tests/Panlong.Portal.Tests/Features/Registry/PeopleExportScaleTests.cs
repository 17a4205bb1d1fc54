using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Registry;
using Panlong.Portal.Resources;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Registry;

/// <summary>Issue 17 goal 4: more people than the old export's 50,000-row cap, every one of them exported, masked.</summary>
public class PeopleExportScaleTests
{
    private const int People = 60_001;

    [Fact]
    public async Task Export_OfMoreThanTheOldCap_HoldsEveryPersonMasked()
    {
        await using var database = await TestDatabase.Sqlite(services =>
        {
            services.AddSingleton<AuditLog>();
            services.AddSingleton<PeopleQueries>();
            services.AddSingleton<ExportProgress>();
        }).MigratedAsync(seed: true);
        await AddPeopleAsync(database);
        var leader = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "leader-id"), new Claim(ClaimTypes.Name, "leader"), new Claim(ClaimTypes.Role, Roles.Leader), new Claim(DataScope.ScopeClaim, "/530103/")],
            "test", ClaimTypes.Name, ClaimTypes.Role));
        var output = new MemoryStream();
        var http = new DefaultHttpContext { User = leader, RequestServices = database.Services };
        http.Response.Body = output;
        var token = ExportProgress.NewToken();

        var answer = await PeopleExport.ExportAsync(http, database.Get<PeopleQueries>(), database.Get<AuditLog>(), new Keys(), null, token, CancellationToken.None);
        await answer.Result.ExecuteAsync(http);

        output.Position = 0;
        var rows = output.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(People, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Matches(@"^\d{6}\*{8}[\dX]{4}$", (string)r["证件号码"]!);
            Assert.Matches(@"^钱\*+$", (string)r["姓名"]!);
        });
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(await db.People.OrderBy(p => p.Name).ThenBy(p => p.Id).Select(p => p.IdMasked).ToListAsync(), rows.Select(r => (string?)r["证件号码"]));
        Assert.Equal(new ExportState(People, People, true), database.Get<ExportProgress>().Get("leader-id", token));
    }

    private static async Task AddPeopleAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var grid = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid).OrderBy(u => u.Id).FirstAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < People; i++)
        {
            var id = ResidentIdNumber.Create("530103", new DateOnly(1940, 1, 1).AddDays(i / 900), i % 900 + 1);
            db.People.Add(new Person
            {
                Name = "钱" + i, IdCipher = "-", IdHash = id, IdMasked = PersonalDataMask.IdNumber(id), GridId = grid.Id, ScopePath = grid.ScopePath,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            if (i % 10_000 == 9_999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
    }

    /// <summary>The keys themselves: this test reads no message.</summary>
    private sealed class Keys : IStringLocalizer<SharedResource>
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, name);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
