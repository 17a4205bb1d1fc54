using System.Diagnostics;
using System.Security.Claims;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Registry;
using Panlong.Workflows.Registry;
using Panlong.Testing;

namespace Panlong.Benchmarks;

/// <summary>Imports a 10,000-row workbook into a fresh database, then the same file again (everything already registered).</summary>
public static class ImportMeasurement
{
    public const int Rows = 10_000;

    public static async Task<int> RunAsync()
    {
        var file = Workbook();
        Console.WriteLine($"workbook: {Rows:N0} rows, {file.Length / 1024:N0} KB");
        foreach (var provider in WorkflowBenchmarks.Providers)
        {
            for (var run = 1; run <= 3; run++)
            {
                await using var database = TestDatabase.For(provider, services =>
                {
                    services.AddSingleton(new PersonalDataProtector(new byte[32]));
                    services.AddSingleton<AuditLog>();
                    services.AddSingleton<PeopleQueries>();
                    services.AddSingleton<PeopleImport>();
                    services.AddSingleton<PeopleWorkbook>();
                });
                await database.MigratedAsync(seed: true);
                var workbook = database.Get<PeopleWorkbook>();
                var supervisor = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Name, "bench"), new Claim(ClaimTypes.Role, Roles.Supervisor), new Claim(DataScope.ScopeClaim, "/530103/530103001/")],
                    "bench", ClaimTypes.Name, ClaimTypes.Role));
                var watch = Stopwatch.StartNew();
                var first = await workbook.ImportAsync(supervisor, new MemoryStream(file));
                var firstSeconds = watch.Elapsed.TotalSeconds;
                watch.Restart();
                var again = await workbook.ImportAsync(supervisor, new MemoryStream(file));
                Console.WriteLine($"{provider} run {run}: import {first.Imported:N0} rows in {firstSeconds:N2} s; re-import ({again.AlreadyRegistered:N0} already registered, {again.Imported} new) in {watch.Elapsed.TotalSeconds:N2} s");
            }
        }
        return 0;
    }

    private static byte[] Workbook()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("人口");
        for (var c = 0; c < PeopleWorkbook.Columns.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(PeopleWorkbook.Columns[c]);
        }
        var random = new Random(10_000);
        var ids = new HashSet<string>();
        for (var r = 0; r < Rows; r++)
        {
            string id;
            do
            {
                id = ResidentIdNumber.Create("530103", new DateOnly(1940, 1, 1).AddDays(random.Next(0, 30000)), random.Next(1, 1000));
            }
            while (!ids.Add(id));
            object[] row = [$"导入{r}", id, $"139{random.Next(0, 100_000_000):00000000}", "汉族", r % 5 == 0 ? "流动" : "户籍", $"530103001{1 + r % 8:000}{1 + r % 8:000}", r % 50 == 0 ? "低保" : ""];
            for (var c = 0; c < row.Length; c++)
            {
                sheet.Cell(r + 2, c + 1).SetValue(row[c].ToString());
            }
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
