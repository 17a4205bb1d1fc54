using System.Globalization;
using Panlong.Data;
using Panlong.Data.Audit;

namespace Panlong.Portal.Features.Audit;

/// <summary>
/// <c>audit verify</c>: checks the audit chain, exit code 0 when intact, 3 when broken (for a monitoring job).
/// <c>audit archive [--before yyyy-MM-dd]</c>: moves the rows older than the retention (<c>Audit:RetentionMonths</c>)
/// to a file under <c>Audit:ArchivePath</c> — run it monthly from a timer (docs/operations.md).
/// </summary>
public static class AuditCommand
{
    public const int Broken = 3;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "verify":
                var status = await services.GetRequiredService<AuditVerifier>().VerifyAsync(null, "audit verify");
                Console.WriteLine(status.Intact
                    ? $"审计日志链完整（{status.Rows} 行）。 (Audit chain intact: {status.Rows} rows; head {status.HeadHash}.)"
                    : $"审计日志链在第 {status.BrokenAt} 行断开（{status.Reason}）。 (Audit chain broken at row {status.BrokenAt}: {status.Reason}.)");
                return status.Intact ? 0 : Broken;
            case "archive":
                return await ArchiveAsync(services.GetRequiredService<AuditArchive>(), args[1..]);
            default:
                await Console.Error.WriteLineAsync("用法：audit verify | audit archive [--before yyyy-MM-dd] (usage)");
                return 1;
        }
    }

    private static async Task<int> ArchiveAsync(AuditArchive archive, string[] args)
    {
        var at = Array.IndexOf(args, "--before");
        DateTimeOffset? before = null;
        if (at >= 0)
        {
            if (at + 1 >= args.Length || !DateOnly.TryParseExact(args[at + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                await Console.Error.WriteLineAsync("--before 需要日期 yyyy-MM-dd。 (--before takes a date, yyyy-MM-dd.)");
                return 1;
            }
            before = ChinaTime.StartOf(day);
        }
        try
        {
            var result = await archive.ArchiveAsync(before);
            Console.WriteLine(result switch
            {
                null => "没有可归档的审计记录。 (Nothing to archive.)",
                { BrokenAt: { } row } => $"审计日志链在第 {row} 行断开，未归档。 (Audit chain broken at row {row}; nothing archived.)",
                _ => $"已归档第 {result.From}–{result.Through} 行到 {result.File}。 (Archived rows {result.From}–{result.Through} to {result.File}.)",
            });
            return result?.BrokenAt is null ? 0 : Broken;
        }
        catch (AuditRetentionException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }
}
