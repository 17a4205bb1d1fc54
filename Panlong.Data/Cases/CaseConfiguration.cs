using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Panlong.Data.Notifications;

namespace Panlong.Data.Cases;

internal sealed class CaseCategoryConfiguration : IEntityTypeConfiguration<CaseCategory>
{
    public void Configure(EntityTypeBuilder<CaseCategory> b)
    {
        b.Property(c => c.Code).HasMaxLength(16);
        b.Property(c => c.Domain).HasMaxLength(24);
        b.Property(c => c.Kind).HasMaxLength(16);
        b.Property(c => c.MajorName).HasMaxLength(40);
        b.Property(c => c.Name).HasMaxLength(60);
        b.Property(c => c.FilingStandard).HasMaxLength(500);
        b.Property(c => c.ClosingStandard).HasMaxLength(500);
        b.Property(c => c.DefaultDepartmentCode).HasMaxLength(32);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => c.Code).IsUnique();
    }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("Cases");
        b.Property(c => c.Number).HasMaxLength(20);
        b.Property(c => c.Description).HasMaxLength(1000);
        b.Property(c => c.Address).HasMaxLength(200);
        b.Property(c => c.ScopePath).HasMaxLength(400);
        b.Property(c => c.Source).HasMaxLength(16);
        b.Property(c => c.Level).HasMaxLength(16);
        b.Property(c => c.HubCode).HasMaxLength(32);
        b.Property(c => c.HandlingUnitCode).HasMaxLength(32);
        b.Property(c => c.AssistingUnitCodes).HasMaxLength(400);
        b.Property(c => c.ReporterUserId).HasMaxLength(450);
        b.Property(c => c.ReporterName).HasMaxLength(50);
        b.Property(c => c.CallerName).HasMaxLength(50);
        b.Property(c => c.CallerPhoneMasked).HasMaxLength(20);
        b.Property(c => c.ClientKey).HasMaxLength(64);
        b.Property(c => c.State).HasMaxLength(40);
        b.Property(c => c.StateName).HasMaxLength(40);
        b.Property(c => c.Status).HasMaxLength(16);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => c.Number).IsUnique();
        b.HasIndex(c => new { c.ReporterUserId, c.ClientKey }).IsUnique();
        b.HasIndex(c => c.InstanceId).IsUnique();
        b.HasIndex(c => new { c.ScopePath, c.ReportedAt });
        b.HasIndex(c => new { c.Status, c.ReportedAt });
        b.HasIndex(c => new { c.HubCode, c.State });
        b.HasIndex(c => c.ClosedAt);
        b.HasIndex(c => c.PatrolShiftId);
        b.HasOne(c => c.Category).WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(c => c.Grid).WithMany().HasForeignKey(c => c.GridId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CasePhotoConfiguration : IEntityTypeConfiguration<CasePhoto>
{
    public void Configure(EntityTypeBuilder<CasePhoto> b)
    {
        b.Property(p => p.Stage).HasMaxLength(16);
        b.Property(p => p.FileName).HasMaxLength(200);
        b.Property(p => p.ContentType).HasMaxLength(40);
        b.Property(p => p.StoredPath).HasMaxLength(300);
        b.Property(p => p.ThumbnailPath).HasMaxLength(300);
        b.Property(p => p.UploadedByUserId).HasMaxLength(450);
        b.Property(p => p.UploadedByName).HasMaxLength(50);
        b.HasIndex(p => p.CaseId);
        b.HasOne<Case>().WithMany(c => c.Photos).HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(m => m.Topic).HasMaxLength(60);
        b.Property(m => m.Recipient).HasMaxLength(500);
        b.Property(m => m.Title).HasMaxLength(200);
        b.Property(m => m.Body).HasMaxLength(1000);
        b.Property(m => m.Link).HasMaxLength(200);
        b.Property(m => m.LastError).HasMaxLength(500);
        b.HasIndex(m => m.DeliveredAt);
        // A number, not the enum's name as other enums are: the dispatcher orders by it (High before Normal).
        b.Property(m => m.Priority).HasConversion<int>();
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.UserId).HasMaxLength(450);
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Body).HasMaxLength(1000);
        b.Property(n => n.Link).HasMaxLength(200);
        b.HasIndex(n => new { n.UserId, n.ReadAt });
        b.HasIndex(n => new { n.UserId, n.CreatedAt });
    }
}
