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
    /// <summary>The list is read this many rows at a time, by the page's own query, while the file is written.</summary>
    public const int PageSize = 1000;

    /// <summary>The whole list (no cap), streamed (docs/decisions/0043-streamed-exports.md).</summary>
    public static PlainSheet.Sheet Sheet(IAsyncEnumerable<CaseRow> rows, IStringLocalizer<SharedResource> L) => new(L["Cases.Export.Sheet"],
        [new(L["Cases.Number"], 18), new(L["Cases.Category"], 16), new(L["Cases.Description"], 40), new(L["Cases.Address"], 30), new(L["Cases.State"]),
            new(L["Cases.Level"], 8), new(L["Home.Grids"], 16), new(L["Cases.HandlingUnit"], 16), new(L["Cases.ReportedAt"], 18), new(L["Instance.Due"], 18)],
        Rows(rows, L));

    /// <summary>
    /// Every row of a list that its page query serves page by page, read a page at a time as the file is written. A case
    /// reported during the export may shift a page and appear twice; none is left out that was there when it began.
    /// </summary>
    public static async IAsyncEnumerable<CaseRow> AllPagesAsync(Func<int, Task<IReadOnlyList<CaseRow>>> page)
    {
        for (var number = 0; ; number++)
        {
            var rows = await page(number);
            foreach (var row in rows)
            {
                yield return row;
            }
            if (rows.Count < PageSize)
            {
                yield break;
            }
        }
    }

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
