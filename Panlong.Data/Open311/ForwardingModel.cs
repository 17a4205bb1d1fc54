using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Open311;

/// <summary>
/// An upstream Open311 GeoReport v2 server the district forwards cases to — the city platform (issue 20 part 3,
/// docs/decisions/0093-open311-forwarding.md). The <c>api_key</c> is kept as the Data Protection key ring protects it, like a
/// webhook secret: it must be sent as it is, so it cannot be hashed.
/// </summary>
public class Open311Upstream
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The server's base, e.g. <c>https://12345.km.gov.cn/open311/v2</c>; <c>requests.json</c> is appended.</summary>
    public required string BaseUrl { get; set; }
    public string? JurisdictionId { get; set; }
    public string? ProtectedApiKey { get; set; }
    public bool IsActive { get; set; } = true;

    public const int NameLength = 100;
    public const int UrlLength = 500;
    public const int CodeLength = 64;
}

/// <summary>A case category's route upstream: the <c>service_code</c> it becomes there. One per category.</summary>
public class Open311Route
{
    public int Id { get; set; }
    public int CategoryId { get; set; }
    public Cases.CaseCategory? Category { get; set; }
    public int UpstreamId { get; set; }
    public Open311Upstream? Upstream { get; set; }
    public required string ServiceCode { get; set; }
}

public enum ForwardStatus
{
    /// <summary>Written by 转上级平台 in the loop's transaction; the sender posts it.</summary>
    Pending,
    /// <summary>The upstream took it (an id or a token); the poll asks for its status.</summary>
    Sent,
    Closed,
    /// <summary>The dispatcher took it back (收回); nothing more is sent or polled.</summary>
    Recalled,
}

/// <summary>
/// A case forwarded upstream — the loop's own outbox row for it (one per case, written with the transition), then its
/// upstream id and status. Held by <see cref="LeaseUntil"/> while a node posts or polls it, so nodes share the work.
/// </summary>
public class ForwardedCase
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public Cases.Case? Case { get; set; }
    public int UpstreamId { get; set; }
    public Open311Upstream? Upstream { get; set; }
    public required string ServiceCode { get; set; }
    public ForwardStatus Status { get; set; }
    public string? ServiceRequestId { get; set; }
    /// <summary>The spec's answer when the upstream queues a request: resolved later through <c>tokens/{token}</c>.</summary>
    public string? Token { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset ForwardedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? LastError { get; set; }

    public const int ErrorLength = 500;
}

internal sealed class Open311UpstreamConfiguration : IEntityTypeConfiguration<Open311Upstream>
{
    public void Configure(EntityTypeBuilder<Open311Upstream> b)
    {
        b.Property(u => u.Name).HasMaxLength(Open311Upstream.NameLength);
        b.Property(u => u.BaseUrl).HasMaxLength(Open311Upstream.UrlLength);
        b.Property(u => u.JurisdictionId).HasMaxLength(Open311Upstream.CodeLength);
        b.Property(u => u.ProtectedApiKey).HasMaxLength(1000);
    }
}

internal sealed class Open311RouteConfiguration : IEntityTypeConfiguration<Open311Route>
{
    public void Configure(EntityTypeBuilder<Open311Route> b)
    {
        b.Property(r => r.ServiceCode).HasMaxLength(Open311Upstream.CodeLength);
        b.HasIndex(r => r.CategoryId).IsUnique();
        b.HasOne(r => r.Category).WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.Upstream).WithMany().HasForeignKey(r => r.UpstreamId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ForwardedCaseConfiguration : IEntityTypeConfiguration<ForwardedCase>
{
    public void Configure(EntityTypeBuilder<ForwardedCase> b)
    {
        b.Property(f => f.ServiceCode).HasMaxLength(Open311Upstream.CodeLength);
        b.Property(f => f.Status).HasMaxLength(16);
        b.Property(f => f.ServiceRequestId).HasMaxLength(Open311Upstream.CodeLength);
        b.Property(f => f.Token).HasMaxLength(Open311Upstream.CodeLength);
        b.Property(f => f.LastError).HasMaxLength(ForwardedCase.ErrorLength);
        b.HasIndex(f => f.CaseId).IsUnique();
        // The sender's and the poll's pick: rows of a status due now.
        b.HasIndex(f => new { f.Status, f.NextAttemptAt });
        b.HasOne(f => f.Case).WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(f => f.Upstream).WithMany().HasForeignKey(f => f.UpstreamId).OnDelete(DeleteBehavior.Restrict);
    }
}
