using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Portal.Resources;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Registry;

namespace Panlong.Portal.Features.Registry;

/// <summary>
/// What the entity, building and house pages share: a searchable server-paged list, one selected record, and a form
/// whose save shows each refusal under its field.
/// </summary>
public abstract class RegistryPage<TRow> : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Strings { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected MudTable<TRow>? Table { get; set; }
    protected string? Search { get; private set; }
    protected bool CanEdit { get; private set; }
    protected TRow? Selected { get; set; }
    protected bool Editing { get; set; }
    protected IReadOnlyList<FieldError> Errors { get; set; } = [];

    protected async Task<ClaimsPrincipal> UserAsync() => (await AuthState).User;

    /// <summary>The user as the registry's write side knows them: roles and data scope.</summary>
    protected async Task<WorkflowActor> ActorAsync() => WorkflowActor.From(await UserAsync());

    protected override async Task OnInitializedAsync()
    {
        var user = await UserAsync();
        CanEdit = user.HoldsAny(Roles.RegistryEditors);
        await OnUserAsync(user);
    }

    /// <summary>Loads what the form needs once the user is known (e.g. the grids of the editor's scope).</summary>
    protected virtual Task OnUserAsync(ClaimsPrincipal user) => Task.CompletedTask;

    protected abstract Task<PlacePage<TRow>> FetchAsync(ClaimsPrincipal user, string? search, int page, int pageSize, CancellationToken ct);

    protected async Task<TableData<TRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await FetchAsync(await UserAsync(), Search, state.Page, state.PageSize, ct);
        return new TableData<TRow> { Items = page.Items, TotalItems = page.Total };
    }

    protected async Task SearchAsync(string? text)
    {
        Search = text;
        await Table!.ReloadServerData();
    }

    protected void Select(TRow row) => (Selected, Editing, Errors) = (row, false, []);

    /// <summary>Shows the refusals, or closes the form and reloads the list.</summary>
    protected async Task SavedAsync(SaveOutcome outcome)
    {
        Errors = outcome.Errors;
        if (outcome.Ok)
        {
            Snackbar.Add(Strings["Common.Saved"], Severity.Success);
            (Editing, Selected) = (false, default);
            await Table!.ReloadServerData();
        }
    }

    protected bool HasError(string field) => Errors.Any(e => e.Field == field);

    protected string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } error ? Strings[error.Code].Value : null;
}
