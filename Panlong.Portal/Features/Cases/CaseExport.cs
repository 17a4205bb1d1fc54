using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Cases;

/// <summary>
/// A list of cases as Excel, exactly the rows the page shows under its filter (the case desk, the appraisal drill-down).
/// A reporter types phone and ID numbers into a description or address; they leave masked, as on a printed list
/// (docs/domain.md §5, docs/decisions/0037-who-can-act-on-a-task.md).
/// </summary>
public static partial class CaseExport
{
    /// <summary>The whole list (no cap), streamed (docs/decisions/0043-streamed-exports.md).</summary>
    public static PlainSheet.Sheet Sheet(IAsyncEnumerable<CaseRow> rows, IStringLocalizer<SharedResource> L) => new(L["Cases.Export.Sheet"],
        [new(L["Cases.Number"], 18), new(L["Cases.Category"], 16), new(L["Cases.Description"], 40), new(L["Cases.Address"], 30), new(L["Cases.State"]),
            new(L["Cases.Level"], 8), new(L["Home.Grids"], 16), new(L["Cases.HandlingUnit"], 16), new(L["Cases.ReportedAt"], 18), new(L["Instance.Due"], 18)],
        Rows(rows, L));

    private static async IAsyncEnumerable<object?[]> Rows(IAsyncEnumerable<CaseRow> rows, IStringLocalizer<SharedResource> L)
    {
        await foreach (var r in rows)
        {
            yield return
            [
                r.Number, r.CategoryName, Masked(r.Description), Masked(r.Address), r.StateName, L["CaseLevel." + r.Level].Value, r.GridName, r.HandlingUnitName,
                ChinaTime.Format(r.ReportedAt), r.StepDueAt is { } due ? ChinaTime.Format(due) : null,
            ];
        }
    }

    /// <summary>Mobile numbers and 18-character ID numbers inside free text, masked as the registry masks them.</summary>
    public static string? Masked(string? text) => text is null ? null
        : IdNumber().Replace(Mobile().Replace(text, m => PersonalDataMask.Phone(m.Value)), m => PersonalDataMask.IdNumber(m.Value));

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdNumber();
}
