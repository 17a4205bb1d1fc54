using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Organization;
using Panlong.Portal.Features.Shell;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Registry;

namespace Panlong.Portal.Features.Registry;

public partial class PeoplePage
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    private ListTable<PersonRow>? _table;
    private string? _search;
    private PersonRow? _selected;
    private string? _revealedId;
    private string? _revealedPhone;
    private bool _canEdit;
    private bool _canReveal;
    private bool _governance;
    private IReadOnlyList<OrgNode> _grids = [];

    private bool _editing;
    private long _editId;
    private Guid _editVersion;
    private string? _name;
    private string? _idNumber;
    private string? _phone;
    private string? _ethnicity;
    private HouseholdType _household;
    private SpecialGroups _groups;
    private int _gridId;
    private IReadOnlyList<FieldError> _errors = [];

    private bool _capped;
    private bool _importing;
    private int? _progress;
    private ImportReport? _report;

    private ListTable<PersonRow>.Column[] Columns =>
        [new(L["Org.PersonName"], "text-nowrap"), new(L["People.IdNumber"]), new(L["Org.Phone"]), new(L["People.Household"]), new(L["People.Groups"]), new(L["Home.Grids"])];

    private IEnumerable<SpecialGroups> EditableGroups =>
        Enum.GetValues<SpecialGroups>().Where(g => g != SpecialGroups.None && (g != SpecialGroups.KeyPerson || _governance));

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthState).User;
        _canEdit = user.HoldsAny(Roles.RegistryEditors);
        _canReveal = Roles.PersonalDataRevealers.Any(user.IsInRole);
        _governance = Roles.GovernanceViewers.Any(user.IsInRole);
        if (_canEdit)
        {
            _grids = await Org.UnitsOfKindAsync(DataScope.For(user), OrgUnitKind.Grid);
        }
    }

    private async Task<TableData<PersonRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await People.SearchAsync((await AuthState).User, _search, state.Page, state.PageSize, ct);
        _capped = page.Capped;
        return new TableData<PersonRow> { Items = page.Items, TotalItems = page.Total };
    }

    private async Task SearchAsync(string? text)
    {
        _search = text;
        await _table!.ReloadServerData();
    }

    private void Select(PersonRow row)
    {
        (_selected, _revealedId, _revealedPhone, _editing) = (row, null, null, false);
    }

    private async Task RevealAsync(RevealField field)
    {
        var value = await People.RevealAsync((await AuthState).User, _selected!.Id, field);
        if (field == RevealField.IdNumber)
        {
            _revealedId = value;
        }
        else
        {
            _revealedPhone = value;
        }
    }

    private Task ToggleImport()
    {
        _importing = !_importing;
        return Task.CompletedTask;
    }

    private Task StartNewAsync()
    {
        StartNew();
        return Task.CompletedTask;
    }

    private void StartNew()
    {
        (_editing, _editId, _editVersion, _name, _idNumber, _phone, _ethnicity, _household, _groups, _errors) =
            (true, 0, Guid.Empty, null, null, null, "汉族", HouseholdType.Registered, SpecialGroups.None, []);
        _gridId = _grids.Count > 0 ? _grids[0].Id : 0;
    }

    private async Task StartEdit()
    {
        var p = _selected!;
        // The form needs the full ID to save it again; fetching it is a reveal, and audited as one.
        _idNumber = _revealedId ?? await People.RevealAsync((await AuthState).User, p.Id, RevealField.IdNumber);
        _phone = _revealedPhone ?? (p.PhoneMasked is null ? null : await People.RevealAsync((await AuthState).User, p.Id, RevealField.Phone));
        (_editing, _editId, _editVersion, _name, _ethnicity, _household, _groups, _errors) =
            (true, p.Id, p.Version, p.Name, p.Ethnicity, p.Household, p.Groups, []);
        _gridId = _grids.FirstOrDefault(g => g.Name == p.GridName)?.Id ?? 0;
    }

    private async Task SaveAsync()
    {
        var outcome = await Editor.SaveAsync(WorkflowActor.From((await AuthState).User), _editId, _editVersion,
            new PersonInput(_name, _idNumber, _phone, _ethnicity, _household, _groups), _gridId);
        _errors = outcome.Errors;
        if (outcome.Ok)
        {
            Snackbar.Add(L["Common.Saved"], Severity.Success);
            (_editing, _selected) = (false, null);
            await _table!.ReloadServerData();
        }
    }

    private async Task ImportAsync(InputFileChangeEventArgs e)
    {
        if (e.File.Size > PeopleWorkbook.MaxBytes)
        {
            _report = new ImportReport(0, 0, 0, 0, null, "Import.TooLarge");
            return;
        }
        (_progress, _report) = (0, null);
        var progress = new Progress<int>(value =>
        {
            _progress = value;
            _ = InvokeAsync(StateHasChanged);
        });
        await using var stream = e.File.OpenReadStream(PeopleWorkbook.MaxBytes);
        _report = await Workbook.ImportAsync((await AuthState).User, stream, progress);
        _progress = null;
        await _table!.ReloadServerData();
    }

    private Task TemplateAsync() => DownloadAsync("人口导入模板.xlsx", PeopleWorkbook.Template());

    private async Task DownloadAsync(string name, byte[] bytes)
    {
        using var stream = new DotNetStreamReference(new MemoryStream(bytes));
        await using var module = await JS.InvokeAsync<IJSObjectReference>("import", "./Features/Registry/PeoplePage.razor.js");
        await module.InvokeVoidAsync("download", name, stream);
    }

    private bool HasError(string field) => _errors.Any(e => e.Field == field);

    private string? ErrorOf(string field) => _errors.FirstOrDefault(e => e.Field == field) is { } error ? L[error.Code].Value : null;

    private MarkupString Row(PersonRow row) => new RowMarkup()
        .Cell(L["Org.PersonName"], row.Name, "text-nowrap")
        .Cell(L["People.IdNumber"], row.IdMasked, "mono")
        .Cell(L["Org.Phone"], row.PhoneMasked, "mono")
        .Cell(L["People.Household"], L["Household." + row.Household])
        .Cell(L["People.Groups"], GroupNames(row.Groups))
        .Cell(L["Home.Grids"], row.GridName)
        .ToMarkup();

    private string GroupNames(SpecialGroups groups) =>
        string.Join("、", Enum.GetValues<SpecialGroups>().Where(g => g != SpecialGroups.None && groups.HasFlag(g)).Select(g => L["Group." + g].Value));
}
