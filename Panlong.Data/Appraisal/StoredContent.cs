namespace Panlong.Data.Appraisal;

/// <summary>What a <see cref="StoredIndicators"/> row holds.</summary>
public enum StoredContent
{
    /// <summary>The calculator's figures of a closed period, graded with the row's configuration (ADR 41).</summary>
    Figures = 0,

    /// <summary>A closed month's grouped counts, before any grading: the running year and quarter are put together from them (ADR 48).</summary>
    MonthCounts = 1,
}
