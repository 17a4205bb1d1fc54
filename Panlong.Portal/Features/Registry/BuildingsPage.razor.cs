using System.Globalization;
using System.Security.Claims;
using Panlong.Data.Registry;
using Panlong.Workflows.Registry;

namespace Panlong.Portal.Features.Registry;

public partial class BuildingsPage
{
    private PlacePage<HouseRow> _houses = new([], 0);
    private PlacePage<EntityRow> _entities = new([], 0);
    private long _editId;
    private Guid _editVersion;
    private string? _name;
    private string? _address;
    private int _floors;
    private BuildingUse _use;
    private double? _lat;
    private double? _lng;
    private GridAt? _gridAt;

    protected override Task<PlacePage<BuildingListRow>> FetchAsync(ClaimsPrincipal user, string? search, int page, int pageSize, CancellationToken ct) =>
        Places.BuildingsAsync(user, search, page, pageSize, ct);

    private async Task SelectAsync(BuildingListRow row)
    {
        Select(row);
        var user = await UserAsync();
        _houses = await Places.HousesAsync(user, null, 0, 60, row.Id);
        _entities = await Places.EntitiesAsync(user, null, 0, 30, row.Id);
    }

    private static string Position(double lat, double lng) => string.Create(CultureInfo.InvariantCulture, $"{lat:0.000000}, {lng:0.000000}");

    private void StartNew()
    {
        (Editing, Errors, _editId, _editVersion) = (true, [], 0, Guid.Empty);
        (_name, _address, _floors, _use, _lat, _lng, _gridAt) = (null, null, 6, BuildingUse.Residential, null, null, null);
    }

    private void StartEdit()
    {
        var b = Selected!;
        (Editing, Errors, _editId, _editVersion) = (true, [], b.Id, b.Version);
        (_name, _address, _floors, _use, _lat, _lng) = (b.Name, b.Address, b.Floors, b.Use, b.Lat, b.Lng);
        _gridAt = new GridAt(0, b.GridName, "", true);
    }

    /// <summary>What is wrong with the position: the server's refusal, or what the lookup while typing found.</summary>
    private string? PositionProblem =>
        Errors.FirstOrDefault(e => e.Field == "Position")?.Code
        ?? (_lat is null || _lng is null ? null
            : _gridAt is null ? "Buildings.Position.OutsideDistrict"
            : _gridAt.InScope ? null : "Buildings.Position.NotInScope");

    /// <summary>Shows the grid the position lies in while the worker types it.</summary>
    private async Task LocateAsync(double? lat, double? lng)
    {
        (_lat, _lng, _gridAt) = (lat, lng, null);
        Errors = Errors.Where(e => e.Field != "Position").ToList();
        if (lat is { } la && lng is { } ln)
        {
            _gridAt = await Editor.GridAtAsync(await ActorAsync(), la, ln);
        }
    }

    private async Task SaveAsync() => await SavedAsync(await Editor.SaveAsync(await ActorAsync(), _editId, _editVersion,
        new BuildingInput(_name, _address, _floors, _use, _lat, _lng)));
}
