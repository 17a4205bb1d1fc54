using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Services;

internal sealed class ServiceItemConfiguration : IEntityTypeConfiguration<ServiceItem>
{
    public void Configure(EntityTypeBuilder<ServiceItem> b)
    {
        b.Property(s => s.Code).HasMaxLength(40);
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.NameEn).HasMaxLength(200);
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

internal sealed class ServiceApplicationConfiguration : IEntityTypeConfiguration<ServiceApplication>
{
    public void Configure(EntityTypeBuilder<ServiceApplication> b)
    {
        b.ToTable("ServiceApplications");
        b.Property(a => a.Number).HasMaxLength(20);
        b.Property(a => a.ServiceCode).HasMaxLength(40);
        b.Property(a => a.ServiceName).HasMaxLength(100);
        b.Property(a => a.ApplicantKind).HasMaxLength(16);
        b.Property(a => a.ApplicantUserId).HasMaxLength(450);
        b.Property(a => a.ApplicantName).HasMaxLength(100);
        b.Property(a => a.ApplicantIdHash).HasMaxLength(64);
        b.Property(a => a.ApplicantIdMasked).HasMaxLength(32);
        b.Property(a => a.CreditCode).HasMaxLength(18);
        b.Property(a => a.Channel).HasMaxLength(16);
        b.Property(a => a.EnteredByUserId).HasMaxLength(450);
        b.Property(a => a.EnteredByName).HasMaxLength(50);
        b.Property(a => a.WindowUnitCode).HasMaxLength(32);
        b.Property(a => a.ScopePath).HasMaxLength(400);
        b.Property(a => a.ApprovingUnitCodes).HasMaxLength(200);
        b.Property(a => a.ClientKey).HasMaxLength(64);
        b.Property(a => a.State).HasMaxLength(40);
        b.Property(a => a.StateName).HasMaxLength(40);
        b.Property(a => a.Outcome).HasMaxLength(16);
        b.Property(a => a.TrackCode).HasMaxLength(32);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne(a => a.ServiceItem).WithMany().HasForeignKey(a => a.ServiceItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Materials).WithOne().HasForeignKey(m => m.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        // Nullable and unique: drafts have no number yet (every provider lets NULLs repeat in a unique index).
        b.HasIndex(a => a.Number).IsUnique();
        b.HasIndex(a => a.TrackCode).IsUnique();
        // The form's random key: a double submit (two clicks, a retried request) finds the application the first one made.
        b.HasIndex(a => a.ClientKey).IsUnique();
        b.HasIndex(a => new { a.ApplicantUserId, a.CreatedAt });
        b.HasIndex(a => a.ApplicantIdHash);
        b.HasIndex(a => new { a.ScopePath, a.State });
        b.HasIndex(a => a.InstanceId);
        b.HasIndex(a => new { a.ServiceCode, a.SubmittedAt });
    }
}

internal sealed class ApplicationMaterialConfiguration : IEntityTypeConfiguration<ApplicationMaterial>
{
    public void Configure(EntityTypeBuilder<ApplicationMaterial> b)
    {
        b.Property(m => m.MaterialName).HasMaxLength(100);
        b.Property(m => m.FileName).HasMaxLength(200);
        b.Property(m => m.ContentType).HasMaxLength(60);
        b.Property(m => m.StoredPath).HasMaxLength(300);
        b.Property(m => m.Sha256).HasMaxLength(64);
        b.Property(m => m.UploadedByName).HasMaxLength(50);
    }
}

internal sealed class ApplicationEventConfiguration : IEntityTypeConfiguration<ApplicationEvent>
{
    public void Configure(EntityTypeBuilder<ApplicationEvent> b)
    {
        b.Property(e => e.Kind).HasMaxLength(40);
        b.Property(e => e.Text).HasMaxLength(500);
        b.Property(e => e.ActorName).HasMaxLength(50);
        b.HasOne(e => e.Application).WithMany().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.ApplicationId, e.At });
    }
}

internal sealed class ApplicationDocumentConfiguration : IEntityTypeConfiguration<ApplicationDocument>
{
    public void Configure(EntityTypeBuilder<ApplicationDocument> b)
    {
        b.Property(d => d.Kind).HasMaxLength(24);
        b.Property(d => d.Title).HasMaxLength(60);
        b.Property(d => d.DocumentNumber).HasMaxLength(60);
        b.Property(d => d.IssuerName).HasMaxLength(60);
        b.Property(d => d.VerifyCode).HasMaxLength(32);
        b.HasOne(d => d.Application).WithMany().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => d.VerifyCode).IsUnique();
        b.HasIndex(d => new { d.ApplicationId, d.Kind });
    }
}

internal sealed class ServiceRatingConfiguration : IEntityTypeConfiguration<ServiceRating>
{
    public void Configure(EntityTypeBuilder<ServiceRating> b)
    {
        b.Property(r => r.Dimensions).HasMaxLength(400);
        b.Property(r => r.Comment).HasMaxLength(500);
        b.Property(r => r.RectifyUnitCode).HasMaxLength(32);
        b.Property(r => r.RectificationAnswer).HasMaxLength(1000);
        b.HasOne(r => r.Application).WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        // One rating per application: a second submit of the rating form hits this index.
        b.HasIndex(r => r.ApplicationId).IsUnique();
        b.HasIndex(r => r.RectificationInstanceId);
    }
}
