using System.Diagnostics;
using Npgsql;

namespace Panlong.Data.Backup;

/// <summary>
/// <c>pg_dump</c> and <c>pg_restore</c> from the newest <c>/usr/lib/postgresql/*/bin</c> (as the tests find <c>initdb</c>), or
/// <c>Backup:PostgresBin</c>. The connection goes in PG* environment variables — the password never on a command line,
/// where <c>ps</c> would show it.
/// </summary>
public sealed class PostgresTools(string? binFolder)
{
    public string Bin { get; } = binFolder is { Length: > 0 } ? binFolder
        : Directory.Exists("/usr/lib/postgresql") && Directory.GetDirectories("/usr/lib/postgresql").Order().LastOrDefault() is { } newest
            ? Path.Combine(newest, "bin")
            : "";

    public Task RunAsync(string tool, NpgsqlConnectionStringBuilder connection, IEnumerable<string> arguments, CancellationToken ct)
    {
        var executable = Bin.Length > 0 ? Path.Combine(Bin, tool) : tool;
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        start.Environment["PGDATABASE"] = connection.Database;
        if (connection.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }
        return RunAsync(start, tool, ct);
    }

    private static async Task RunAsync(ProcessStartInfo start, string tool, CancellationToken ct)
    {
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BackupRefusedException($"无法启动 {tool}。 ({tool} could not be started.)");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BackupRefusedException(
                $"找不到 {tool}：请安装 PostgreSQL 客户端或设置 Backup:PostgresBin。 ({tool} not found: install the PostgreSQL client or set Backup:PostgresBin.) {e.Message}");
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync(ct);
            var output = process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                throw new BackupRefusedException($"{tool} 失败（退出码 {process.ExitCode}）。 ({tool} failed with exit code {process.ExitCode}.) {(await error).Trim()} {(await output).Trim()}");
            }
        }
    }
}

/// <summary>A backup or restore that was refused or failed before changing anything; the message is the user's sentence (zh-CN, then English).</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>A restore that finished but whose counts or case histories differ from the backup's manifest.</summary>
public sealed class BackupVerificationException(string message) : Exception(message);
