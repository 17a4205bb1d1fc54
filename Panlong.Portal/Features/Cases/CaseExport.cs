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
    /// <summary>More than a year of a street's cases; a longer list is narrowed by its filter first.</summary>
    public const int MaxRows = 10_000;

    public static byte[] Workbook(IReadOnlyList<CaseRow> rows, IStringLocalizer<SharedResource> L) => ListWorkbook.OneSheet(L["Cases.Export.Sheet"],
        [new(L["Cases.Number"]), new(L["Cases.Category"]), new(L["Cases.Description"]), new(L["Cases.Address"]), new(L["Cases.State"]), new(L["Cases.Level"]),
            new(L["Home.Grids"]), new(L["Cases.HandlingUnit"]), new(L["Cases.ReportedAt"]), new(L["Instance.Due"])],
        rows.Select(r => new object?[]
        {
            r.Number, r.CategoryName, Masked(r.Description), Masked(r.Address), r.StateName, L["CaseLevel." + r.Level].Value, r.GridName, r.HandlingUnitName,
            ChinaTime.Format(r.ReportedAt), r.StepDueAt is { } due ? ChinaTime.Format(due) : null,
        }));

    /// <summary>Mobile numbers and 18-character ID numbers inside free text, masked as the registry masks them.</summary>
    public static string? Masked(string? text) => text is null ? null
        : IdNumber().Replace(Mobile().Replace(text, m => PersonalDataMask.Phone(m.Value)), m => PersonalDataMask.IdNumber(m.Value));

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdNumber();
}
