using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Voice;

internal sealed class ForumPostConfiguration : IEntityTypeConfiguration<ForumPost>
{
    public void Configure(EntityTypeBuilder<ForumPost> b)
    {
        b.Property(p => p.CommunityCode).HasMaxLength(32);
        b.Property(p => p.ScopePath).HasMaxLength(400);
        b.Property(p => p.Title).HasMaxLength(100);
        b.Property(p => p.Text).HasMaxLength(2000);
        b.Property(p => p.AuthorUserId).HasMaxLength(450);
        b.Property(p => p.AuthorName).HasMaxLength(50);
        b.Property(p => p.Photos).HasMaxLength(1000);
        b.Property(p => p.Status).HasMaxLength(16);
        b.Property(p => p.HeldWord).HasMaxLength(50);
        b.Property(p => p.HiddenBy).HasMaxLength(50);
        b.Property(p => p.HiddenReason).HasMaxLength(200);
        b.Property(p => p.LinkKind).HasMaxLength(16);
        b.Property(p => p.LinkId).HasMaxLength(64);
        b.HasOne<ForumPost>().WithMany().HasForeignKey(p => p.TopicId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.ScopePath, p.TopicId, p.LastActivityAt });
        b.HasIndex(p => new { p.TopicId, p.CreatedAt });
    }
}

internal sealed class ForumReportConfiguration : IEntityTypeConfiguration<ForumReport>
{
    public void Configure(EntityTypeBuilder<ForumReport> b)
    {
        b.Property(r => r.UserId).HasMaxLength(450);
        b.Property(r => r.Reason).HasMaxLength(200);
        b.HasOne<ForumPost>().WithMany().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.PostId, r.UserId }).IsUnique();
    }
}

internal sealed class LegalQuestionConfiguration : IEntityTypeConfiguration<LegalQuestion>
{
    public void Configure(EntityTypeBuilder<LegalQuestion> b)
    {
        b.Property(q => q.CommunityCode).HasMaxLength(32);
        b.Property(q => q.ScopePath).HasMaxLength(400);
        b.Property(q => q.AskerUserId).HasMaxLength(450);
        b.Property(q => q.AskerName).HasMaxLength(50);
        b.Property(q => q.Title).HasMaxLength(100);
        b.Property(q => q.Text).HasMaxLength(2000);
        b.Property(q => q.Status).HasMaxLength(16);
        b.Property(q => q.LawyerUserId).HasMaxLength(450);
        b.Property(q => q.LawyerName).HasMaxLength(50);
        b.Property(q => q.PublishedTitle).HasMaxLength(100);
        b.Property(q => q.PublishedQuestion).HasMaxLength(2000);
        b.Property(q => q.PublishedAnswer).HasMaxLength(4000);
        b.Property(q => q.Version).IsConcurrencyToken();
        b.HasIndex(q => new { q.CommunityCode, q.Status });
        b.HasIndex(q => q.AskerUserId);
        b.HasIndex(q => new { q.Status, q.DueAt });
        b.HasIndex(q => q.PublishedAt);
    }
}

internal sealed class LegalMessageConfiguration : IEntityTypeConfiguration<LegalMessage>
{
    public void Configure(EntityTypeBuilder<LegalMessage> b)
    {
        b.Property(m => m.Kind).HasMaxLength(16);
        b.Property(m => m.AuthorUserId).HasMaxLength(450);
        b.Property(m => m.AuthorName).HasMaxLength(50);
        b.Property(m => m.Text).HasMaxLength(4000);
        b.HasOne<LegalQuestion>().WithMany().HasForeignKey(m => m.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.QuestionId, m.At });
    }
}
