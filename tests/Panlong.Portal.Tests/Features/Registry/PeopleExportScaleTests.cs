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
    /// <summary>One more than the old cap: a cap put back at 50,000 rows leaves one person out.</summary>
    private const int People = 50_001;

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

    /// <summary>
    /// One person through the entity (its own defaults), then its copies in one statement of SQLite: each with its own name,
    /// ID hash and masked ID (all the export and the assertions read). What the export streams is the same rows as when each
    /// was added as a tracked entity; with this and 50,001 people instead of 60,001 the test costs 22 instead of 31 CPU-seconds
    /// (docs/benchmarks.md, "Test command, round 11 (helper)").
    /// </summary>
    private static async Task AddPeopleAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var grid = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid).OrderBy(u => u.Id).FirstAsync();
        var first = ResidentIdNumber.Create("530103", new DateOnly(1940, 1, 1), 1);
        var template = new Person
        {
            Name = "钱0", IdCipher = "-", IdHash = first, IdMasked = PersonalDataMask.IdNumber(first), GridId = grid.Id, ScopePath = grid.ScopePath,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.People.Add(template);
        await db.SaveChangesAsync();

        // The masked form PersonalDataMask gives an ID: its first six and last four characters, eight stars between.
        var made = new Dictionary<string, string>
        {
            [nameof(Person.Name)] = "'钱' || n.i",
            [nameof(Person.IdHash)] = "'530103' || printf('%012d', n.i)",
            [nameof(Person.IdMasked)] = "'530103********' || printf('%04d', n.i % 10000)",
        };
        Assert.Equal(People - 1, await RowCopies.InsertAsync(db, template, People - 1, made));
    }

    /// <summary>The keys themselves: this test reads no message.</summary>
    private sealed class Keys : IStringLocalizer<SharedResource>
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, name);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
