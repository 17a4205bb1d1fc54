using System.Security.Claims;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Workflows.Registry;
using Panlong.Portal.Features.Organization;

namespace Panlong.Portal.Features.Registry;

public partial class EntitiesPage
{
    private IReadOnlyList<OrgNode> _grids = [];
    private long _editId;
    private Guid _editVersion;
    private string? _name;
    private string? _creditCode;
    private string? _entityType;
    private string? _representative;
    private string? _address;
    private BuildingChoice? _building;
    private int _gridId;

    protected override async Task OnUserAsync(ClaimsPrincipal user)
    {
        if (CanEdit)
        {
            _grids = await Org.UnitsOfKindAsync(DataScope.For(user), OrgUnitKind.Grid);
        }
    }

    protected override Task<PlacePage<EntityRow>> FetchAsync(ClaimsPrincipal user, string? search, int page, int pageSize, CancellationToken ct) =>
        Places.EntitiesAsync(user, search, page, pageSize, ct: ct);

    private void StartNew()
    {
        (Editing, Errors, _editId, _editVersion) = (true, [], 0, Guid.Empty);
        (_name, _creditCode, _entityType, _representative, _address, _building, _gridId) = (null, null, PlaceRules.EntityTypes[0], null, null, null, _grids.Count > 0 ? _grids[0].Id : 0);
    }

    private void StartEdit()
    {
        var e = Selected!;
        (Editing, Errors, _editId, _editVersion) = (true, [], e.Id, e.Version);
        (_name, _creditCode, _entityType, _representative, _address, _gridId) = (e.Name, e.CreditCode, e.EntityType, e.LegalRepresentative, e.Address, e.GridId);
        _building = e.BuildingId is { } id ? new BuildingChoice(id, e.BuildingName ?? "", "") : null;
    }

    private async Task SaveAsync() => await SavedAsync(await Editor.SaveAsync(await ActorAsync(), _editId, _editVersion,
        new LegalEntityInput(_name, _creditCode, _entityType, _representative, _address, _building?.Id, _gridId)));
}
