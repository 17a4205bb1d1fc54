using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.PartyStudy;

internal sealed class PartyMemberConfiguration : IEntityTypeConfiguration<PartyMember>
{
    public void Configure(EntityTypeBuilder<PartyMember> b)
    {
        b.Property(m => m.UserId).HasMaxLength(450);
        b.Property(m => m.Name).HasMaxLength(50);
        b.Property(m => m.HomeRegion).HasMaxLength(100);
        b.Property(m => m.HomeBranch).HasMaxLength(100);
        b.Property(m => m.HomeBranchPhone).HasMaxLength(20);
        b.Property(m => m.CommunityCode).HasMaxLength(32);
        b.Property(m => m.ScopePath).HasMaxLength(400);
        b.Property(m => m.Status).HasMaxLength(16);
        b.Property(m => m.DeclineReason).HasMaxLength(200);
        b.Property(m => m.DecidedBy).HasMaxLength(50);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasIndex(m => m.UserId).IsUnique();
        b.HasIndex(m => new { m.ScopePath, m.Status });
    }
}

internal sealed class StudyMaterialConfiguration : IEntityTypeConfiguration<StudyMaterial>
{
    public void Configure(EntityTypeBuilder<StudyMaterial> b)
    {
        b.Property(m => m.Title).HasMaxLength(100);
        b.Property(m => m.Kind).HasMaxLength(16);
        b.Property(m => m.Body).HasMaxLength(20000);
        b.Property(m => m.PdfPath).HasMaxLength(300);
        b.Property(m => m.PdfName).HasMaxLength(200);
        b.Property(m => m.Quiz).HasMaxLength(20000);
        b.Property(m => m.ScopePath).HasMaxLength(400);
        b.Property(m => m.CreatedBy).HasMaxLength(50);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasIndex(m => new { m.IsPublished, m.ScopePath });
    }
}

internal sealed class StudyProgressConfiguration : IEntityTypeConfiguration<StudyProgress>
{
    public void Configure(EntityTypeBuilder<StudyProgress> b)
    {
        b.ToTable("StudyProgress");
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasOne<StudyMaterial>().WithMany().HasForeignKey(p => p.MaterialId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PartyMember>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.MaterialId, p.MemberId }).IsUnique();
        b.HasIndex(p => p.MemberId);
    }
}

internal sealed class QuizAttemptConfiguration : IEntityTypeConfiguration<QuizAttempt>
{
    public void Configure(EntityTypeBuilder<QuizAttempt> b)
    {
        b.Property(a => a.Answers).HasMaxLength(100);
        b.HasOne<StudyMaterial>().WithMany().HasForeignKey(a => a.MaterialId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PartyMember>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Cascade);
        // The attempt's number is unique per member and material: two submits at once cannot both be attempt 1.
        b.HasIndex(a => new { a.MaterialId, a.MemberId, a.Number }).IsUnique();
    }
}

internal sealed class StudyPostConfiguration : IEntityTypeConfiguration<StudyPost>
{
    public void Configure(EntityTypeBuilder<StudyPost> b)
    {
        b.Property(p => p.AuthorUserId).HasMaxLength(450);
        b.Property(p => p.AuthorName).HasMaxLength(50);
        b.Property(p => p.ScopePath).HasMaxLength(400);
        b.Property(p => p.Text).HasMaxLength(1000);
        b.Property(p => p.HiddenBy).HasMaxLength(50);
        b.Property(p => p.HiddenReason).HasMaxLength(200);
        b.HasOne<StudyMaterial>().WithMany().HasForeignKey(p => p.MaterialId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.MaterialId, p.CreatedAt });
    }
}

internal sealed class StudyPostReportConfiguration : IEntityTypeConfiguration<StudyPostReport>
{
    public void Configure(EntityTypeBuilder<StudyPostReport> b)
    {
        b.Property(r => r.UserId).HasMaxLength(450);
        b.Property(r => r.Reason).HasMaxLength(200);
        b.HasOne<StudyPost>().WithMany().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.PostId, r.UserId }).IsUnique();
    }
}
