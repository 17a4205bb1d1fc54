using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Registry;

/// <summary>
/// The people list as Excel, masked: the list's own search under the viewer's own scope, every row of it (no cap),
/// streamed from the database into the response (docs/decisions/0043-streamed-exports.md). The export is audited
/// (issue 15) before its first row leaves.
/// </summary>
public static class PeopleExport
{
    public const string Path = "/registry/people/export.xlsx";

    /// <summary>Longer than any name, ID or phone number: a longer search is a mistake, said so, not a silently empty file.</summary>
    public const int MaxSearch = 50;

    private static readonly PlainSheet.Column[] Columns =
        [new("姓名"), new("证件号码", 24), new("电话"), new("出生日期"), new("民族"), new("户籍类型"), new("网格"), new("居住地址", 24)];

    public static string Link(string? search, string progressToken) =>
        $"{Path}?progress={progressToken}" + (string.IsNullOrWhiteSpace(search) ? "" : "&q=" + Uri.EscapeDataString(search.Trim()));

    public static IEndpointRouteBuilder MapPeopleExport(this IEndpointRouteBuilder app)
    {
        ListExport.Of(app.MapGet(Path, ExportAsync).RequireAuthorization(p => p.RequireRole(Roles.RegistryViewers.Split(','))).WithTags("Registry").WithName("PeopleExport")
            .WithSummary("The people list under a search as an Excel workbook, masked, every row streamed; audited"));
        return app;
    }

    public static async Task<Results<PlainSheetFile, ProblemHttpResult>> ExportAsync(HttpContext http, PeopleQueries people, AuditLog audit,
        IStringLocalizer<SharedResource> L, [FromQuery] string? q, [FromQuery] string? progress, CancellationToken ct)
    {
        if (q?.Trim().Length > MaxSearch)
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, L["Export.SearchTooLong", MaxSearch]);
        }
        if (progress is not null && !ExportProgress.IsToken(progress))
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, L["Export.BadProgress"]);
        }
        var viewer = http.User;
        var total = await people.CountAsync(viewer, q, ct);
        // A list of people leaving the system is a read of personal data: audited (issue 15).
        await audit.WriteAsync(AuditActions.PeopleExported, viewer.FindFirstValue(ClaimTypes.NameIdentifier), viewer.Identity?.Name, "people",
            $"{total} {q?.Trim()}".Trim(), ct: ct);
        return new PlainSheetFile("人口.xlsx", [new("人口", Columns, RowsAsync(people.AllAsync(viewer, q, ct)))], total, progress);
    }

    /// <summary>Surname only; ID and phone as the list shows them.</summary>
    private static async IAsyncEnumerable<object?[]> RowsAsync(IAsyncEnumerable<PersonRow> people)
    {
        await foreach (var p in people)
        {
            yield return [PersonalDataMask.Name(p.Name), p.IdMasked, p.PhoneMasked, p.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Ethnicity,
                p.Household == HouseholdType.Registered ? "户籍" : "流动", p.GridName, p.Address];
        }
    }
}
