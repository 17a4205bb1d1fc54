using Panlong.Data;
using Panlong.Data.Backup;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Services;

namespace Panlong.Portal.Features.Operations;

/// <summary>
/// <c>backup &lt;folder&gt;</c> and <c>restore &lt;backup folder&gt; [--replace]</c> (docs/operations.md, "Backup and restore";
/// docs/decisions/0085-backup-restore-retention.md). Exit codes: 0 done, 1 usage, 4 refused (nothing changed), 3 restored
/// but not as the manifest says.
/// </summary>
public static class BackupCommand
{
    public const int Refused = 4;
    public const int VerificationFailed = 3;

    public static bool IsCommand(string command) => command is "backup" or "restore";

    /// <summary>Where backups go when the command names no folder, and where the operations page reads the last one's record.</summary>
    public static string Folder(IConfiguration configuration, IHostEnvironment environment) =>
        SettingPaths.Resolve(configuration, environment.ContentRootPath, "Backup:Folder", "data/backups");

    /// <summary>The upload folders a backup carries: case photos and application materials.</summary>
    public static IReadOnlyList<UploadRoot> Uploads(IServiceProvider services) =>
    [
        new("photos", services.GetRequiredService<CasePhotoStore>().Folder.Root),
        new("materials", services.GetRequiredService<MaterialStore>().Folder.Root),
    ];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var backup = services.GetRequiredService<DatabaseBackup>();
        try
        {
            switch (args)
            {
                case ["backup"]:
                    return await RunAsync(services, ["backup", Folder(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>())]);
                case ["backup", var folder]:
                    var (written, manifest) = await backup.BackupAsync(folder, Uploads(services));
                    Console.WriteLine($"备份完成：{written}（{manifest.Figures.Counts["Cases"]} 件案件，数据库版本 {manifest.Schema}）。 (Backup written to {written}: {manifest.Figures.Counts["Cases"]} cases, schema {manifest.Schema}.)");
                    PrintKeys(services);
                    return 0;
                case ["restore", var path, .. var rest] when rest is [] or ["--replace"]:
                    var restored = await backup.RestoreAsync(path, Uploads(services), rest is ["--replace"]);
                    Console.WriteLine($"恢复完成并已核对：{restored.Figures.Counts["Cases"]} 件案件、{restored.Figures.CaseHistories.Count} 条案件历史与备份一致。 " +
                        $"(Restored and verified: {restored.Figures.Counts["Cases"]} cases and {restored.Figures.CaseHistories.Count} case histories match the backup.)" +
                        $"{Environment.NewLine}如程序版本比备份新（{restored.Schema}），请再运行 migrate。 (If this program is newer than the backup's {restored.Schema}, run migrate next.)");
                    PrintKeys(services);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync("用法：backup [文件夹] | restore <备份文件夹> [--replace] (usage: backup [folder] | restore <backup folder> [--replace])");
                    return 1;
            }
        }
        catch (BackupRefusedException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return Refused;
        }
        catch (BackupVerificationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return VerificationFailed;
        }
    }

    /// <summary>The keys are never in a backup: without them the registry's ID numbers and phones cannot be read.</summary>
    private static void PrintKeys(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var environment = services.GetRequiredService<IHostEnvironment>();
        var keys = SettingPaths.Keys(configuration, environment.ContentRootPath);
        var privacy = string.IsNullOrWhiteSpace(configuration[PersonalDataProtector.KeySetting]) ? Path.Combine(keys, "privacy.key") : $"{PersonalDataProtector.KeySetting} (environment / panlong.env)";
        Console.WriteLine($"密钥不在备份中，请另行保管：隐私密钥 {privacy}；Cookie 密钥 {keys}（PostgreSQL 时在数据库中，不随备份，恢复后需重新登录）。");
        Console.WriteLine($"(Keys are not in the backup; keep them separately: privacy key {privacy}; cookie keys {keys} (on PostgreSQL in the database, left out of the backup: everyone signs in again after a restore).)");
    }
}
