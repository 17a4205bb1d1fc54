using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Workflows;

public enum JobRunOutcome
{
    Ran,
    Failed,
}

/// <summary>
/// A periodic job's last run, whichever node ran it: one row per job, overwritten by each run, so the operations page on
/// any node reads the truth and a restart forgets nothing (docs/decisions/0102-job-runs-in-the-database.md).
/// </summary>
public class JobRun
{
    public const int ErrorLength = 300;

    /// <summary>The job's <c>Name</c>.</summary>
    public required string Name { get; set; }

    /// <summary>When the run ended.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The node that ran it, as it names itself in the leases it holds.</summary>
    public required string Node { get; set; }

    public JobRunOutcome Outcome { get; set; }

    public long DurationMilliseconds { get; set; }

    /// <summary>The first line of the failure's message (at most <see cref="ErrorLength"/> characters); null when it ran.</summary>
    public string? Error { get; set; }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.HasKey(r => r.Name);
        b.Property(r => r.Name).HasMaxLength(64);
        b.Property(r => r.Node).HasMaxLength(128);
        b.Property(r => r.Outcome).HasMaxLength(16);
        b.Property(r => r.Error).HasMaxLength(JobRun.ErrorLength);
    }
}
