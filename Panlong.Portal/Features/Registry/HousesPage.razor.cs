using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Panlong.Data.Registry;
using Panlong.Workflows.Registry;

namespace Panlong.Portal.Features.Registry;

public partial class HousesPage
{
    /// <summary>Only the houses of one building, as linked from the building's record.</summary>
    [SupplyParameterFromQuery(Name = "building")]
    public long? BuildingId { get; set; }

    private IReadOnlyList<ResidentRow> _residents = [];
    private long _editId;
    private Guid _editVersion;
    private BuildingChoice? _building;
    private string? _unit;
    private string? _room;
    private HouseUse _use;
    private decimal _area;

    protected override async Task OnParametersSetAsync()
    {
        if (Table is not null)
        {
            await Table.ReloadServerData();
        }
    }

    protected override Task<PlacePage<HouseRow>> FetchAsync(ClaimsPrincipal user, string? search, int page, int pageSize, CancellationToken ct) =>
        Places.HousesAsync(user, search, page, pageSize, BuildingId, ct);

    private async Task SelectAsync(HouseRow row)
    {
        Select(row);
        _residents = await Places.ResidentsAsync(await UserAsync(), row.Id);
    }

    private void StartNew()
    {
        (Editing, Errors, _editId, _editVersion) = (true, [], 0, Guid.Empty);
        (_building, _unit, _room, _use, _area) = (null, "1单元", null, HouseUse.Residential, 0);
    }

    private void StartEdit()
    {
        var h = Selected!;
        (Editing, Errors, _editId, _editVersion) = (true, [], h.Id, h.Version);
        (_building, _unit, _room, _use, _area) = (new BuildingChoice(h.BuildingId, h.BuildingName, ""), h.Unit, h.Room, h.Use, h.Area);
    }

    private async Task SaveAsync() => await SavedAsync(await Editor.SaveAsync(await ActorAsync(), _editId, _editVersion,
        new HouseInput(_building?.Id ?? 0, _unit, _room, _use, _area)));
}
