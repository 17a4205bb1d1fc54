using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Registry;
using Panlong.Portal.Resources;
using Panlong.Testing;
using Panlong.Workflows;

namespace Panlong.Benchmarks;

/// <summary>
/// `measure-export &lt;sqlite file&gt; [people|desk]` (issue 17 goal 4, docs/benchmarks.md): the district's people (or, with
/// `desk`, the case desk's list of the district's cases as a district leader sees it) exported masked by the product's
/// own export and by plain MiniExcel writing the same rows, three runs each, every run in a process of its own so that
/// its peak RSS is its own. Each child prints one line: mode, rows, seconds, allocated bytes, peak RSS.
/// </summary>
public static class ExportMeasurement
{
    private static readonly Dictionary<string, string[]> Lists = new()
    {
        ["people"] = ["product", "miniexcel"],
        ["desk"] = ["product-desk", "miniexcel-desk"],
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["one", var one, var file])
        {
            return await OneAsync(one, file);
        }
        var database = args.FirstOrDefault() ?? throw new ArgumentException("measure-export <sqlite file> [people|desk]");
        var list = args.ElementAtOrDefault(1) ?? "people";
        var modes = Lists.GetValueOrDefault(list) ?? throw new ArgumentException($"measure-export: no list '{list}' (people, desk)");
        for (var run = 1; run <= 3; run++)
        {
            foreach (var mode in modes)
            {
                var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, [typeof(ExportMeasurement).Assembly.Location, "measure-export", "one", mode, database])
                {
                    RedirectStandardOutput = true,
                })!;
                var line = (await child.StandardOutput.ReadToEndAsync()).Trim();
                await child.WaitForExitAsync();
                Console.WriteLine($"run {run} {line} (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
            }
        }
        return 0;
    }

    private static async Task<int> OneAsync(string mode, string file)
    {
        await using var database = TestDatabase.Unmanaged(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}"), services =>
        {
            services.AddSingleton<AuditLog>();
            services.AddSingleton<PeopleQueries>();
            services.AddSingleton<ExportProgress>();
            services.AddLocalization();
            services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new ConfigurationBuilder().Build());
            services.AddPanlongWorkflows();
            services.AddSingleton<CaseQueries>();
        });
        var output = Path.Combine(Path.GetTempPath(), $"panlong-export-{Guid.NewGuid():N}.xlsx");
        var allocated = GC.GetTotalAllocatedBytes(true);
        var watch = Stopwatch.StartNew();
        var rows = mode switch
        {
            "product" => await ProductAsync(database, output),
            "miniexcel" => await MiniExcelAsync(database, output),
            "product-desk" => await ProductDeskAsync(database, output),
            "miniexcel-desk" => await MiniExcelDeskAsync(database, output),
            _ => throw new ArgumentException(mode),
        };
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(true) - allocated;
        var size = new FileInfo(output).Length;
        File.Delete(output);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode}: {rows:N0} rows in {watch.Elapsed.TotalSeconds:N2} s, allocated {allocated / 1e6:N0} MB, peak RSS {PeakRss() / 1e6:N0} MB, file {size / 1e6:N1} MB"));
        return 0;
    }

    /// <summary>A district leader: every person of the district is in scope.</summary>
    private static ClaimsPrincipal Leader() => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Name, "bench"), new Claim(ClaimTypes.Role, Roles.Leader), new Claim(DataScope.ScopeClaim, "/530103/")],
        "bench", ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The product's export as a browser gets it: the endpoint's handler, its answer streamed into the file.</summary>
    private static async Task<int> ProductAsync(TestDatabase database, string output)
    {
        await using var file = File.Create(output);
        var http = new DefaultHttpContext { User = Leader(), RequestServices = database.Services };
        http.Response.Body = file;
        var token = ExportProgress.NewToken();
        var answer = await PeopleExport.ExportAsync(http, database.Get<PeopleQueries>(), database.Get<AuditLog>(), null!, null, token, CancellationToken.None);
        await answer.Result.ExecuteAsync(http);
        return database.Get<ExportProgress>().Get("bench", token)!.Written;
    }

    /// <summary>The same rows, masked the same way, read the same way, handed to MiniExcel with its defaults.</summary>
    private static async Task<int> MiniExcelAsync(TestDatabase database, string output)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var rows = db.People.AsNoTracking().InScope(DataScope.For(Leader())).OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new
            {
                p.Name, p.IdMasked, p.PhoneMasked, p.BirthDate, p.Ethnicity, p.Household, GridName = p.Grid!.Name,
                Address = p.House == null ? null : p.House.Building!.Address + " " + p.House.Unit + p.House.Room,
            })
            .AsEnumerable()
            .Select(p => new Dictionary<string, object?>
            {
                ["姓名"] = PersonalDataMask.Name(p.Name), ["证件号码"] = p.IdMasked, ["电话"] = p.PhoneMasked,
                ["出生日期"] = p.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["民族"] = p.Ethnicity,
                ["户籍类型"] = p.Household == HouseholdType.Registered ? "户籍" : "流动", ["网格"] = p.GridName, ["居住地址"] = p.Address,
            });
        var count = 0;
        await MiniExcel.SaveAsAsync(output, rows.Select(r => { count++; return r; }), sheetName: "人口");
        return count;
    }

    /// <summary>The desk's export as a browser gets it: the district leader's "my area" list, the endpoint's handler, its answer streamed into the file.</summary>
    private static async Task<int> ProductDeskAsync(TestDatabase database, string output)
    {
        await using var file = File.Create(output);
        var http = new DefaultHttpContext { User = Leader(), RequestServices = database.Services };
        http.Response.Body = file;
        var token = ExportProgress.NewToken();
        var answer = await CasesApi.ExportAsync(http, database.Get<CaseQueries>(), database.Get<AuditLog>(), database.Get<IStringLocalizer<SharedResource>>(),
            CaseListKind.Area, null, null, null, null, null, token, CancellationToken.None);
        await answer.ExecuteAsync(http);
        return database.Get<ExportProgress>().Get("bench", token)!.Written;
    }

    /// <summary>
    /// The same cases, columns and masking, read by one plain query (the district's cases, newest first, with their
    /// category, grid and unit names) and handed to MiniExcel with its defaults.
    /// </summary>
    private static async Task<int> MiniExcelDeskAsync(TestDatabase database, string output)
    {
        var L = database.Get<IStringLocalizer<SharedResource>>();
        await using var db = await database.Factory.CreateDbContextAsync();
        var rows = db.Cases.AsNoTracking().Where(c => c.ScopePath.StartsWith("/530103/")).OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id)
            .Select(c => new
            {
                c.Number, Category = c.Category!.Name, c.Description, c.Address, c.StateName, c.Level,
                Grid = db.OrgUnits.Where(u => u.Id == c.GridId).Select(u => u.Name).FirstOrDefault(),
                Unit = db.OrgUnits.Where(u => u.Code == c.HandlingUnitCode).Select(u => u.Name).FirstOrDefault() ?? c.HandlingUnitCode,
                c.ReportedAt, c.StepDueAt,
            })
            .AsEnumerable()
            .Select(c => new Dictionary<string, object?>
            {
                [L["Cases.Number"]] = c.Number, [L["Cases.Category"]] = c.Category, [L["Cases.Description"]] = CaseExport.Masked(c.Description),
                [L["Cases.Address"]] = CaseExport.Masked(c.Address), [L["Cases.State"]] = c.StateName, [L["Cases.Level"]] = L["CaseLevel." + c.Level].Value,
                [L["Home.Grids"]] = c.Grid, [L["Cases.HandlingUnit"]] = c.Unit, [L["Cases.ReportedAt"]] = ChinaTime.Format(c.ReportedAt),
                [L["Instance.Due"]] = c.StepDueAt is { } due ? ChinaTime.Format(due) : null,
            });
        var count = 0;
        await MiniExcel.SaveAsAsync(output, rows.Select(r => { count++; return r; }), sheetName: L["Cases.Export.Sheet"]);
        return count;
    }

    private static long PeakRss() => long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
