using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Panlong.Data.Organization;

namespace Panlong.Data.Cameras;

/// <summary>What a camera watches: 治安 (public security), 交通, 城管, 消防通道, or something else.</summary>
public enum CameraKind
{
    Security,
    Traffic,
    CityManagement,
    FireLane,
    Other,
}

/// <summary>
/// A camera of the district (issue 19 part 2, docs/decisions/0072-cameras.md): where it stands (WGS-84, the grid found from
/// the map's grid polygons, and that grid's path as its scope) and the HLS address the viewer's browser plays. The server
/// stores the address and never fetches it.
/// </summary>
public class Camera : IOrgScoped
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public CameraKind Kind { get; set; }
    public double Lat { get; set; }
    public double Lng { get; set; }
    public int GridId { get; set; }
    public OrgUnit? Grid { get; set; }
    public required string ScopePath { get; set; }
    public required string StreamUrl { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }

    public const int CodeLength = 32;
    public const int NameLength = 100;
    public const int UrlLength = 500;
}

internal sealed class CameraConfiguration : IEntityTypeConfiguration<Camera>
{
    public void Configure(EntityTypeBuilder<Camera> b)
    {
        b.Property(c => c.Code).HasMaxLength(Camera.CodeLength);
        b.Property(c => c.Name).HasMaxLength(Camera.NameLength);
        b.Property(c => c.Kind).HasMaxLength(16);
        b.Property(c => c.ScopePath).HasMaxLength(400);
        b.Property(c => c.StreamUrl).HasMaxLength(Camera.UrlLength);
        b.HasIndex(c => c.Code).IsUnique();
        // The map and the wall read a scope's active cameras.
        b.HasIndex(c => new { c.ScopePath, c.IsActive });
        b.HasOne(c => c.Grid).WithMany().HasForeignKey(c => c.GridId).OnDelete(DeleteBehavior.Restrict);
    }
}
