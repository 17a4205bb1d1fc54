using MudBlazor;
using Panlong.Data.Organization;

namespace Panlong.Portal.Features.Organization;

/// <summary>Turns the flat, scoped list of units into tree items: regions first, then command centers and departments.</summary>
public static class OrgTree
{
    public static IReadOnlyList<TreeItemData<OrgNode>> Build(IReadOnlyList<OrgNode> nodes, Func<string, string> localize)
    {
        var ids = nodes.Select(n => n.Id).ToHashSet();
        var byParent = nodes.Where(n => n.ParentId is { } p && ids.Contains(p)).ToLookup(n => n.ParentId);
        List<TreeItemData<OrgNode>> Children(int id) => byParent[id]
            .OrderBy(n => n.Kind is OrgUnitKind.CommandCenter ? 0 : n.Kind is OrgUnitKind.Department ? 2 : 1)
            .ThenBy(n => n.SortOrder).ThenBy(n => n.Code)
            .Select(n => Item(n, root: false)).ToList();
        TreeItemData<OrgNode> Item(OrgNode n, bool root)
        {
            var children = Children(n.Id);
            return new TreeItemData<OrgNode>
            {
                Value = n,
                Text = n.IsActive ? n.Name : $"{n.Name} ({localize("Org.Inactive")})",
                Icon = IconOf(n.Kind),
                Children = children.Count > 0 ? children : null,
                // The top of the viewer's scope opens, so a street user sees their communities at once.
                Expanded = root && children.Count > 0,
            };
        }
        // Roots are the units whose parent lies outside the viewer's scope.
        return nodes.Where(n => n.ParentId is null || !ids.Contains(n.ParentId.Value)).Select(n => Item(n, root: true)).ToList();
    }

    private static string IconOf(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.District => Icons.Material.Outlined.AccountBalance,
        OrgUnitKind.Street => Icons.Material.Outlined.Map,
        OrgUnitKind.Community => Icons.Material.Outlined.HomeWork,
        OrgUnitKind.CommandCenter => Icons.Material.Outlined.SupportAgent,
        OrgUnitKind.Department => Icons.Material.Outlined.Apartment,
        _ => Icons.Material.Outlined.GridOn,
    };
}
