using Microsoft.AspNetCore.Identity;
using Panlong.Data.Organization;

namespace Panlong.Data.Identity;

public class PanlongUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>Every staff account belongs to exactly one org unit; residents have none.</summary>
    public int? OrgUnitId { get; set; }
    public OrgUnit? OrgUnit { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
