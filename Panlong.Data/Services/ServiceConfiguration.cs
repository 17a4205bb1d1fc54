using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Services;

internal sealed class ServiceItemConfiguration : IEntityTypeConfiguration<ServiceItem>
{
    public void Configure(EntityTypeBuilder<ServiceItem> b)
    {
        b.Property(s => s.Code).HasMaxLength(40);
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.Kind).HasMaxLength(20);
        b.Property(s => s.Level).HasMaxLength(16);
        b.Property(s => s.DepartmentCode).HasMaxLength(32);
        b.Property(s => s.CountersignCodes).HasMaxLength(200);
        b.Property(s => s.Fee).HasPrecision(10, 2);
        b.Property(s => s.FeeNote).HasMaxLength(200);
        b.Property(s => s.Basis).HasMaxLength(1000);
        b.Property(s => s.Conditions).HasMaxLength(1000);
        b.Property(s => s.Audience).HasMaxLength(100);
        b.Property(s => s.ProcessKey).HasMaxLength(60);
        b.Property(s => s.PublishedBy).HasMaxLength(50);
        b.Ignore(s => s.MaterialList);
        b.Ignore(s => s.FieldList);
        b.HasIndex(s => new { s.Code, s.Version }).IsUnique();
        b.HasIndex(s => new { s.IsCurrent, s.Code });
    }
}
