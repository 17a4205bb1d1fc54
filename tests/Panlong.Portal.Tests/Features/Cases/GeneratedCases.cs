using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Organization;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>Case rows written straight into a seeded database (no loop, no instance): for reads that only count and list cases.</summary>
public sealed class GeneratedCases(OrgUnit grid, int category)
{
    public static async Task<GeneratedCases> InFirstGridAsync(PanlongDbContext db) =>
        new(await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Grid).OrderBy(u => u.Id).FirstAsync(),
            await db.CaseCategories.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

    public OrgUnit Grid => grid;

    public Case Make(string number, DateTimeOffset start, DateTimeOffset? due, CaseStatus status = CaseStatus.Open) => new()
    {
        Number = number, CategoryId = category, Description = number, GridId = grid.Id, ScopePath = grid.ScopePath, HubCode = grid.Code,
        ReporterName = "test", InstanceId = Guid.NewGuid(), State = status == CaseStatus.Open ? "Handle" : "Closed",
        StateName = status == CaseStatus.Open ? "处置" : "结案", Status = status, ReportedAt = start, StepStartedAt = start, StepDueAt = due, Version = Guid.NewGuid(),
    };
}
