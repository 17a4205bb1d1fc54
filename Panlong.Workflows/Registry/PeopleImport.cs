using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Registry;

/// <summary>A row of the file that was not imported, with the reason in words a grid worker reads in the returned workbook.</summary>
public sealed record RejectedRow(IReadOnlyList<string> Cells, string Reason);

/// <param name="Problem">A refusal of the whole import (a resource key), when nothing was read.</param>
public sealed record PeopleImportResult(int Rows, int Imported, int AlreadyRegistered, IReadOnlyList<RejectedRow> Rejected, string? Problem = null);

/// <summary>
/// The population registry's bulk import: checks every row, imports the good ones once (an ID already registered is
/// skipped, so re-running a file adds nothing) and says why each other row was rejected. Reading the file is the
/// portal's; the rows arrive as cells in the order of <see cref="Columns"/>.
/// </summary>
public sealed class PeopleImport(IDbContextFactory<PanlongDbContext> dbFactory, PersonalDataProtector protector, TimeProvider clock)
{
    public static readonly string[] Columns = ["姓名", "证件号码", "电话", "民族", "户籍类型", "网格编码", "特殊人群"];

    public async Task<PeopleImportResult> ImportAsync(WorkflowActor editor, IReadOnlyList<string[]> rows, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (!editor.HoldsAny(Roles.RegistryEditors))
        {
            return new PeopleImportResult(0, 0, 0, [], "Common.NotInScope");
        }
        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grids = await db.OrgUnits.AsNoTracking().InScope(editor.Scope).Where(u => u.Kind == OrgUnitKind.Grid)
            .ToDictionaryAsync(u => u.Code, u => (u.Id, u.ScopePath), ct);
        var registered = await RegisteredAsync(db, rows, ct);
        var rejected = new List<RejectedRow>();
        var seen = new HashSet<string>();
        int imported = 0, already = 0;
        var pending = new List<Person>();
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i];
            var (input, reason) = Parse(cells);
            var errors = input is null ? [] : PersonRules.Check(input, today);
            var gridCode = GridCode(cells[5]);
            if (reason is null && errors.Count > 0)
            {
                reason = string.Join("；", errors.Select(e => Reasons.GetValueOrDefault(e.Code, e.Code)));
            }
            if (reason is null && (gridCode is null || !grids.ContainsKey(gridCode)))
            {
                reason = gridCode is null ? "网格编码应为 15 位（或旧式 14 位）数字" : "网格不存在或不在您的管辖范围内";
            }
            if (reason is null)
            {
                var hash = protector.Hash(PersonRules.NormalizedId(input!));
                if (!seen.Add(hash))
                {
                    reason = "与本文件中前面的行证件号码重复";
                }
                else if (registered.Contains(hash))
                {
                    already++;
                }
                else
                {
                    var (gridId, path) = grids[gridCode!];
                    var person = new Person { Name = "", IdCipher = "", IdHash = "", IdMasked = "", GridId = gridId, ScopePath = path, UpdatedAt = now };
                    PersonRules.Apply(person, input!, protector);
                    pending.Add(person);
                }
            }
            if (reason is not null)
            {
                rejected.Add(new RejectedRow(cells, reason));
            }
            if (pending.Count == 1000 || i == rows.Count - 1)
            {
                imported += await SaveAsync(db, pending, editor, now, ct);
                pending.Clear();
            }
            if (i % 200 == 0 || i == rows.Count - 1)
            {
                progress?.Report((int)((i + 1) * 100L / rows.Count));
            }
        }
        return new PeopleImportResult(rows.Count, imported, already, rejected);
    }

    /// <summary>Which of the file's ID numbers are already registered, asked in chunks rather than row by row.</summary>
    private async Task<HashSet<string>> RegisteredAsync(PanlongDbContext db, IReadOnlyList<string[]> rows, CancellationToken ct)
    {
        var hashes = rows.Select(r => protector.Hash(ResidentIdNumber.Normalize(r[1]))).Distinct().ToList();
        var found = new HashSet<string>();
        foreach (var chunk in hashes.Chunk(1000))
        {
            found.UnionWith(await db.People.Where(p => chunk.Contains(p.IdHash)).Select(p => p.IdHash).ToListAsync(ct));
        }
        return found;
    }

    private static readonly Dictionary<string, string> Reasons = new()
    {
        ["Registry.Name.Required"] = "缺少姓名",
        ["Registry.Phone.Invalid"] = "电话号码格式不正确",
        ["Registry.IdNumber.Empty"] = "缺少证件号码",
        ["Registry.IdNumber.WrongLength"] = "身份证号应为 18 位",
        ["Registry.IdNumber.BadCharacters"] = "身份证号含非法字符",
        ["Registry.IdNumber.BadRegion"] = "身份证号地区码无效",
        ["Registry.IdNumber.ImpossibleDate"] = "身份证号中的出生日期不存在",
        ["Registry.IdNumber.FutureDate"] = "身份证号中的出生日期晚于今天",
        ["Registry.IdNumber.WrongCheckCharacter"] = "身份证号校验位不正确",
    };

    private static readonly Dictionary<string, SpecialGroups> GroupNames = new()
    {
        ["独居老人"] = SpecialGroups.LivingAlone,
        ["残疾人"] = SpecialGroups.Disabled,
        ["低保"] = SpecialGroups.LowIncome,
        ["重点人员"] = SpecialGroups.KeyPerson,
    };

    private static (PersonInput? Input, string? Reason) Parse(string[] cells)
    {
        var household = cells[4] switch
        {
            "" or "户籍" => HouseholdType.Registered,
            "流动" => HouseholdType.Floating,
            _ => (HouseholdType?)null,
        };
        if (household is null)
        {
            return (null, "户籍类型应为“户籍”或“流动”");
        }
        var groups = SpecialGroups.None;
        foreach (var name in cells[6].Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!GroupNames.TryGetValue(name, out var group))
            {
                return (null, $"未知的特殊人群“{name}”");
            }
            groups |= group;
        }
        return (new PersonInput(cells[0], cells[1], cells[2], cells[3], household.Value, groups), null);
    }

    /// <summary>15-digit grid codes as they are; older 14-digit ones (2-digit serial) get the serial's leading zero.</summary>
    private static string? GridCode(string cell)
    {
        var code = cell.Trim();
        if (!code.All(char.IsAsciiDigit))
        {
            return null;
        }
        return code.Length switch
        {
            15 => code,
            14 => code[..12] + "0" + code[12..],
            _ => null,
        };
    }

    private static async Task<int> SaveAsync(PanlongDbContext db, List<Person> pending, WorkflowActor editor, DateTimeOffset now, CancellationToken ct)
    {
        if (pending.Count == 0)
        {
            return 0;
        }
        db.People.AddRange(pending);
        await db.SaveChangesAsync(ct);
        db.RegistryChanges.AddRange(pending.Select(p => RegistryChangeLog.Entry(editor, nameof(Person), p.Id, now, "Imported",
            JsonSerializer.Serialize(new { p.Name, IdNumber = p.IdMasked, Phone = p.PhoneMasked }))));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return pending.Count;
    }
}
