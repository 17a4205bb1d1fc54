using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Workflows;

internal sealed class ProcessDefinitionConfiguration : IEntityTypeConfiguration<ProcessDefinition>
{
    public void Configure(EntityTypeBuilder<ProcessDefinition> b)
    {
        b.Property(d => d.Key).HasMaxLength(64);
        b.Property(d => d.Name).HasMaxLength(200);
        b.Property(d => d.NameEn).HasMaxLength(200);
        b.Property(d => d.PublishedBy).HasMaxLength(256);
        b.HasIndex(d => new { d.Key, d.Version }).IsUnique();
    }
}

internal sealed class ProcessInstanceConfiguration : IEntityTypeConfiguration<ProcessInstance>
{
    public void Configure(EntityTypeBuilder<ProcessInstance> b)
    {
        b.Property(i => i.DefinitionKey).HasMaxLength(64);
        b.Property(i => i.SubjectType).HasMaxLength(64);
        b.Property(i => i.SubjectId).HasMaxLength(64);
        b.Property(i => i.ScopePath).HasMaxLength(400);
        b.Property(i => i.State).HasMaxLength(64);
        b.Property(i => i.Status).HasMaxLength(16);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasIndex(i => new { i.SubjectType, i.SubjectId });
        b.HasIndex(i => new { i.Status, i.ScopePath });
        b.HasIndex(i => new { i.DefinitionKey, i.DefinitionVersion, i.Status });
        b.HasOne(i => i.Definition).WithMany().HasForeignKey(i => i.DefinitionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> b)
    {
        b.Property(t => t.State).HasMaxLength(64);
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.Role).HasMaxLength(32);
        b.Property(t => t.ScopePath).HasMaxLength(400);
        b.Property(t => t.AssigneeUserId).HasMaxLength(450);
        b.Property(t => t.ClaimedByUserId).HasMaxLength(450);
        b.Property(t => t.ClaimedByName).HasMaxLength(256);
        b.Property(t => t.CompletedByUserId).HasMaxLength(450);
        b.Property(t => t.CompletedByName).HasMaxLength(256);
        b.Property(t => t.Outcome).HasMaxLength(64);
        b.Property(t => t.Status).HasMaxLength(16);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.Status, t.Role, t.ScopePath });
        b.HasIndex(t => new { t.Status, t.AssigneeUserId });
        b.HasIndex(t => new { t.InstanceId, t.Status });
        // Appraisal (ADR 21): who did work of a post in a unit in a period shares a pooled duty nobody claimed.
        b.HasIndex(t => new { t.OrgUnitId, t.Role, t.CompletedAt });
        b.HasOne(t => t.Instance).WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProcessStepConfiguration : IEntityTypeConfiguration<ProcessStep>
{
    public void Configure(EntityTypeBuilder<ProcessStep> b)
    {
        b.Property(s => s.Kind).HasMaxLength(16);
        b.Property(s => s.Trigger).HasMaxLength(64);
        b.Property(s => s.FromState).HasMaxLength(64);
        b.Property(s => s.ToState).HasMaxLength(64);
        b.Property(s => s.ActorId).HasMaxLength(450);
        b.Property(s => s.ActorName).HasMaxLength(256);
        b.Property(s => s.Comment).HasMaxLength(2000);
        b.Property(s => s.Attachments).HasMaxLength(4000);
        b.HasIndex(s => new { s.InstanceId, s.Id });
        b.HasOne<ProcessInstance>().WithMany().HasForeignKey(s => s.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProcessTimerConfiguration : IEntityTypeConfiguration<ProcessTimer>
{
    public void Configure(EntityTypeBuilder<ProcessTimer> b)
    {
        b.Property(t => t.State).HasMaxLength(64);
        b.Property(t => t.Kind).HasMaxLength(16);
        b.Property(t => t.Trigger).HasMaxLength(64);
        b.Property(t => t.FiredBy).HasMaxLength(128);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.FiredAt, t.DueAt });
        b.HasIndex(t => t.InstanceId);
        b.HasOne<ProcessInstance>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TimerLeaseConfiguration : IEntityTypeConfiguration<TimerLease>
{
    public void Configure(EntityTypeBuilder<TimerLease> b)
    {
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(64);
        b.Property(l => l.Holder).HasMaxLength(128);
        b.Property(l => l.Version).IsConcurrencyToken();
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> b)
    {
        b.HasKey(d => d.Date);
        b.Property(d => d.Name).HasMaxLength(50);
    }
}
