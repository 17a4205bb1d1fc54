using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Registry;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.Property(p => p.Name).HasMaxLength(50);
        b.Property(p => p.Gender).HasMaxLength(8);
        b.Property(p => p.IdType).HasMaxLength(16);
        b.Property(p => p.IdCipher).HasMaxLength(200);
        b.Property(p => p.IdHash).HasMaxLength(64);
        b.Property(p => p.IdMasked).HasMaxLength(32);
        b.Property(p => p.RegionCode).HasMaxLength(6);
        b.Property(p => p.Ethnicity).HasMaxLength(20);
        b.Property(p => p.PhoneCipher).HasMaxLength(200);
        b.Property(p => p.PhoneHash).HasMaxLength(64);
        b.Property(p => p.PhoneMasked).HasMaxLength(20);
        b.Property(p => p.Household).HasMaxLength(16);
        // Flags are tested bitwise in SQL, so this enum stays a number.
        b.Property(p => p.Groups).HasConversion<int>();
        b.Property(p => p.ScopePath).HasMaxLength(400);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => p.IdHash).IsUnique();
        b.HasIndex(p => p.PhoneHash);
        b.HasIndex(p => new { p.ScopePath, p.Name });
        // The map counts the scope's people per grid for each layer: covering, that is an index-only scan instead of a scan
        // of the table (762 → 322 ms at ten times the district; docs/benchmarks.md, issue 17 — ten times the district).
        b.HasIndex(p => new { p.ScopePath, p.GridId });
        b.HasIndex(p => p.Name);
        b.HasOne(p => p.Grid).WithMany().HasForeignKey(p => p.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.House).WithMany().HasForeignKey(p => p.HouseId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class LegalEntityConfiguration : IEntityTypeConfiguration<LegalEntity>
{
    public void Configure(EntityTypeBuilder<LegalEntity> b)
    {
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.CreditCode).HasMaxLength(18);
        b.Property(e => e.EntityType).HasMaxLength(30);
        b.Property(e => e.LegalRepresentative).HasMaxLength(50);
        b.Property(e => e.Address).HasMaxLength(200);
        b.Property(e => e.ScopePath).HasMaxLength(400);
        b.Property(e => e.Version).IsConcurrencyToken();
        b.HasIndex(e => e.CreditCode).IsUnique();
        b.HasIndex(e => new { e.ScopePath, e.Name });
        b.HasOne(e => e.Building).WithMany().HasForeignKey(e => e.BuildingId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Organization.OrgUnit>().WithMany().HasForeignKey(e => e.GridId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BuildingConfiguration : IEntityTypeConfiguration<Building>
{
    public void Configure(EntityTypeBuilder<Building> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Address).HasMaxLength(200);
        b.Property(x => x.Use).HasMaxLength(16);
        b.Property(x => x.ScopePath).HasMaxLength(400);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.ScopePath, x.Name });
        b.HasOne(x => x.Grid).WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HouseConfiguration : IEntityTypeConfiguration<House>
{
    public void Configure(EntityTypeBuilder<House> b)
    {
        b.Property(x => x.Unit).HasMaxLength(20);
        b.Property(x => x.Room).HasMaxLength(20);
        b.Property(x => x.Use).HasMaxLength(16);
        b.Property(x => x.Area).HasPrecision(10, 2);
        b.Property(x => x.ScopePath).HasMaxLength(400);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.BuildingId, x.Unit, x.Room }).IsUnique();
        b.HasIndex(x => x.ScopePath);
        b.HasOne(x => x.Building).WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization.OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegistryChangeConfiguration : IEntityTypeConfiguration<RegistryChange>
{
    public void Configure(EntityTypeBuilder<RegistryChange> b)
    {
        b.Property(c => c.EntityType).HasMaxLength(30);
        b.Property(c => c.UserId).HasMaxLength(450);
        b.Property(c => c.UserName).HasMaxLength(256);
        b.Property(c => c.Action).HasMaxLength(16);
        b.Property(c => c.Changes).HasMaxLength(4000);
        b.HasIndex(c => new { c.EntityType, c.EntityId });
    }
}
