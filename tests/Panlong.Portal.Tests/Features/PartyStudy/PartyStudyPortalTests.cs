using System.Net;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Identity;
using Panlong.Portal.Features.PartyStudy;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.PartyStudy;

/// <summary>The organisation's view over the demo party organisation of 东庄社区 (docs/decisions/0053-party-study.md).</summary>
[Collection(nameof(PortalCollection))]
public class PartyStudyPortalTests(PortalFactory portal)
{
    private PartyStudyQueries Queries => portal.Services.GetRequiredService<PartyStudyQueries>();

    private static readonly DataScope Dongzhuang = new("/530103/530103001/530103001001/");
    private static readonly DataScope OtherCommunity = new("/530103/530103002/530103002001/");

    [Fact]
    public async Task Members_OfAnotherCommunitysOrganiser_DoNotIncludeThisCommunitys()
    {
        var own = await Queries.MembersAsync(Dongzhuang);
        var other = await Queries.MembersAsync(OtherCommunity);

        Assert.Contains(own, m => m.Name == "李流动");
        Assert.DoesNotContain(other, m => m.UserId == own[0].UserId);
        Assert.Empty(await Queries.ProgressAsync(OtherCommunity, null));
    }

    [Fact]
    public async Task Progress_IsEveryConfirmedMemberAgainstEveryMaterialOfTheCommunity()
    {
        var rows = await Queries.ProgressAsync(Dongzhuang, null);

        var members = rows.Select(r => r.MemberName).Distinct().ToList();
        Assert.Contains("李流动", members);
        Assert.DoesNotContain("何流动", members); // still waiting for confirmation
        Assert.True(rows.Select(r => r.MaterialId).Distinct().Count() >= 2);
        Assert.Equal(rows.Count, rows.Select(r => (r.MemberId, r.MaterialId)).Distinct().Count());
    }

    [Fact]
    public async Task Export_OfTheOrganiser_ListsTheViewWithNamesMasked()
    {
        var actor = WorkflowActor.From(await portal.PrincipalAsync("party.dongzhuang"));
        var rows = await Queries.ProgressAsync(actor.Scope, null);

        var response = await (await portal.SignedInAsync("party.dongzhuang")).GetAsync(PartyStudyApi.ExportPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var book = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var names = book.Worksheet(1).RowsUsed().Skip(1).Select(r => r.Cell(1).GetString()).ToList();
        Assert.Equal(rows.Count, names.Count);
        Assert.Contains("李**", names);
        Assert.DoesNotContain("李流动", names);
    }

    [Fact]
    public async Task Export_OfAResident_IsForbidden()
    {
        var response = await (await portal.SignedInAsync("member.li")).GetAsync(PartyStudyApi.ExportPath);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
