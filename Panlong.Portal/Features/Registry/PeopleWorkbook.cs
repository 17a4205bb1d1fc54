using System.Security.Claims;
using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;

namespace Panlong.Portal.Features.Registry;

public sealed record ImportReport(int Rows, int Imported, int AlreadyRegistered, int Rejected, byte[]? RejectedWorkbook, string? FileProblem = null);

/// <summary>
/// Excel in and out for the population registry. Import checks every row, imports the good ones once (an ID already
/// registered is skipped, so re-running a file adds nothing) and returns the rejected rows with the reason in a
/// workbook of their own. Export writes the filtered list masked.
/// </summary>
public sealed class PeopleWorkbook(IDbContextFactory<PanlongDbContext> dbFactory, PersonalDataProtector protector, PeopleQueries people, TimeProvider clock)
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 50_000;
    public static readonly string[] Columns = ["姓名", "证件号码", "电话", "民族", "户籍类型", "网格编码", "特殊人群"];

    /// <summary>The empty template with the header row, for people to fill in.</summary>
    public static byte[] Template()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("人口");
        WriteHeader(sheet, Columns);
        return Save(workbook);
    }

    public async Task<ImportReport> ImportAsync(ClaimsPrincipal editor, Stream file, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (!editor.HoldsAny(Roles.RegistryEditors))
        {
            return new ImportReport(0, 0, 0, 0, null, "Common.NotInScope");
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        // An .xlsx file is a zip archive: judge by content, not by the name.
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4)
        {
            return new ImportReport(0, 0, 0, 0, null, "Import.NotExcel");
        }
        List<string[]> rows;
        try
        {
            using var workbook = new XLWorkbook(new MemoryStream(bytes));
            var sheet = workbook.Worksheet(1);
            var header = Columns.Select((_, i) => sheet.Cell(1, i + 1).GetString().Trim()).ToArray();
            if (!header.SequenceEqual(Columns))
            {
                return new ImportReport(0, 0, 0, 0, null, "Import.WrongColumns");
            }
            rows = sheet.RowsUsed().Skip(1)
                .Select(r => Columns.Select((_, i) => r.Cell(i + 1).GetString().Trim()).ToArray())
                .Where(cells => cells.Any(c => c.Length > 0))
                .ToList();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or ArgumentException or InvalidOperationException or IOException)
        {
            return new ImportReport(0, 0, 0, 0, null, "Import.NotExcel");
        }
        if (rows.Count > MaxRows)
        {
            return new ImportReport(rows.Count, 0, 0, 0, null, "Import.TooManyRows");
        }

        var scope = DataScope.For(editor);
        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grids = await db.OrgUnits.AsNoTracking().InScope(scope).Where(u => u.Kind == OrgUnitKind.Grid)
            .ToDictionaryAsync(u => u.Code, u => (u.Id, u.ScopePath), ct);
        var registered = await RegisteredAsync(db, rows, ct);
        var rejected = new List<(string[] Cells, string Reason)>();
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
                rejected.Add((cells, reason));
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
        return new ImportReport(rows.Count, imported, already, rejected.Count, rejected.Count == 0 ? null : RejectedWorkbook(rejected));
    }

    /// <summary>The filtered list, masked: surname only, ID and phone as on screen.</summary>
    public async Task<byte[]> ExportAsync(ClaimsPrincipal viewer, string? search, CancellationToken ct = default)
    {
        var rows = (await people.SearchAsync(viewer, search, 0, MaxRows, ct)).Items;
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("人口");
        WriteHeader(sheet, ["姓名", "证件号码", "电话", "出生日期", "民族", "户籍类型", "网格", "居住地址"]);
        for (var i = 0; i < rows.Count; i++)
        {
            var p = rows[i];
            object?[] values = [PersonalDataMask.Name(p.Name), p.IdMasked, p.PhoneMasked, p.BirthDate?.ToString("yyyy-MM-dd"), p.Ethnicity,
                p.Household == HouseholdType.Registered ? "户籍" : "流动", p.GridName, p.Address];
            for (var c = 0; c < values.Length; c++)
            {
                sheet.Cell(i + 2, c + 1).SetValue(values[c]?.ToString() ?? "");
            }
        }
        sheet.SetAutoFilter();
        return Save(workbook);
    }

    /// <summary>Which of the file's ID numbers are already registered, asked in chunks rather than row by row.</summary>
    private async Task<HashSet<string>> RegisteredAsync(PanlongDbContext db, List<string[]> rows, CancellationToken ct)
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
    internal static string? GridCode(string cell)
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

    private static async Task<int> SaveAsync(PanlongDbContext db, List<Person> pending, ClaimsPrincipal editor, DateTimeOffset now, CancellationToken ct)
    {
        if (pending.Count == 0)
        {
            return 0;
        }
        db.People.AddRange(pending);
        await db.SaveChangesAsync(ct);
        db.RegistryChanges.AddRange(pending.Select(p => new RegistryChange
        {
            EntityType = nameof(Person),
            EntityId = p.Id,
            At = now,
            UserId = editor.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = editor.Identity?.Name,
            Action = "Imported",
            Changes = JsonSerializer.Serialize(new { p.Name, IdNumber = p.IdMasked, Phone = p.PhoneMasked }),
        }));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return pending.Count;
    }

    private static byte[] RejectedWorkbook(List<(string[] Cells, string Reason)> rejected)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("未导入");
        WriteHeader(sheet, [.. Columns, "原因"]);
        for (var i = 0; i < rejected.Count; i++)
        {
            var (cells, reason) = rejected[i];
            for (var c = 0; c < cells.Length; c++)
            {
                sheet.Cell(i + 2, c + 1).SetValue(cells[c]);
            }
            sheet.Cell(i + 2, cells.Length + 1).SetValue(reason);
        }
        return Save(workbook);
    }

    private static void WriteHeader(IXLWorksheet sheet, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            sheet.Cell(1, i + 1).SetValue(names[i]);
            // Explicit widths: measuring text (AdjustToContents) needs libgdiplus, which Linux servers lack.
            sheet.Column(i + 1).Width = names[i] is "证件号码" or "居住地址" or "原因" ? 24 : 14;
        }
        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
    }

    private static byte[] Save(XLWorkbook workbook)
    {
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
