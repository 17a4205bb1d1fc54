using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.Property(i => i.Number).HasMaxLength(20);
        b.HasIndex(i => i.Number).IsUnique();
        b.Property(i => i.CaseNumber).HasMaxLength(20);
        b.Property(i => i.Description).HasMaxLength(1000);
        b.Property(i => i.Address).HasMaxLength(200);
        b.Property(i => i.ScopePath).HasMaxLength(200);
        b.Property(i => i.HubCode).HasMaxLength(50);
        b.Property(i => i.LeadUnitCode).HasMaxLength(50);
        b.Property(i => i.RaisedById).HasMaxLength(450);
        b.Property(i => i.RaisedByName).HasMaxLength(50);
        b.Property(i => i.ClosedByName).HasMaxLength(50);
        b.Property(i => i.Summary).HasMaxLength(1000);
        b.Property(i => i.Version).IsConcurrencyToken();
        // One open incident per case: raising twice (two shift leads at once) finds the first.
        b.HasIndex(i => i.CaseId);
        b.HasIndex(i => new { i.Status, i.ScopePath });
    }
}

internal sealed class IncidentUnitConfiguration : IEntityTypeConfiguration<IncidentUnit>
{
    public void Configure(EntityTypeBuilder<IncidentUnit> b)
    {
        b.HasKey(u => new { u.IncidentId, u.UnitCode });
        b.Property(u => u.UnitCode).HasMaxLength(50);
        b.Property(u => u.UnitName).HasMaxLength(100);
        b.Property(u => u.ArrivedByName).HasMaxLength(50);
        b.HasOne(u => u.Incident).WithMany().HasForeignKey(u => u.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentOrderConfiguration : IEntityTypeConfiguration<IncidentOrder>
{
    public void Configure(EntityTypeBuilder<IncidentOrder> b)
    {
        b.Property(o => o.UnitCode).HasMaxLength(50);
        b.Property(o => o.UnitName).HasMaxLength(100);
        b.Property(o => o.Text).HasMaxLength(500);
        b.Property(o => o.State).HasMaxLength(50);
        b.Property(o => o.GivenByName).HasMaxLength(50);
        b.Property(o => o.AcknowledgedByName).HasMaxLength(50);
        b.Property(o => o.ReportedByName).HasMaxLength(50);
        b.Property(o => o.Report).HasMaxLength(500);
        b.HasIndex(o => o.IncidentId);
        b.HasIndex(o => o.InstanceId).IsUnique();
        b.HasOne<Incident>().WithMany().HasForeignKey(o => o.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentEntryConfiguration : IEntityTypeConfiguration<IncidentEntry>
{
    public void Configure(EntityTypeBuilder<IncidentEntry> b)
    {
        b.Property(e => e.UnitName).HasMaxLength(100);
        b.Property(e => e.ActorName).HasMaxLength(50);
        b.Property(e => e.Text).HasMaxLength(1000);
        b.HasIndex(e => new { e.IncidentId, e.Id });
        b.HasOne(e => e.Incident).WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}
