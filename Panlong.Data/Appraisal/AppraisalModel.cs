namespace Panlong.Data.Appraisal;

/// <summary>
/// One saved appraisal configuration (weights, score tables, grade bands, minimum cases) as JSON. The newest row is
/// the one in force; older rows stay, so the history of changes can be read.
/// </summary>
public class AppraisalSetting
{
    public int Id { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedByUserId { get; set; }
    public required string CreatedByName { get; set; }
}

public enum AppraisalPeriodKind
{
    Month,
    Quarter,
    Year,
}

public enum AppraisalReportStatus
{
    Queued,
    Rendering,
    Ready,
    Failed,
}

/// <summary>
/// An archived appraisal report: the period and scope, the configuration it used (a copy), the figures it computed and
/// the PDF and workbook as made. A later change of the configuration does not touch it.
/// </summary>
public class AppraisalReport : IOrgScoped
{
    public long Id { get; set; }
    public AppraisalPeriodKind PeriodKind { get; set; }
    /// <summary>"2026-10", "2026-Q3" or "2026".</summary>
    public required string Period { get; set; }
    public DateOnly From { get; set; }
    /// <summary>Exclusive.</summary>
    public DateOnly To { get; set; }
    public required string ScopeCode { get; set; }
    public required string ScopeName { get; set; }
    public required string ScopePath { get; set; }
    public AppraisalReportStatus Status { get; set; }
    /// <summary>0–100 while rendering.</summary>
    public int Progress { get; set; }
    public string? Error { get; set; }
    public bool Scheduled { get; set; }
    public string? RequestedByUserId { get; set; }
    public required string RequestedByName { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int? SettingId { get; set; }
    public string? ConfigJson { get; set; }
    public string? ResultJson { get; set; }
    public byte[]? Pdf { get; set; }
    public long PdfSize { get; set; }
    public byte[]? Workbook { get; set; }
    public long WorkbookSize { get; set; }
}
