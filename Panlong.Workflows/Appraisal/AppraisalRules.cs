namespace Panlong.Workflows.Appraisal;

/// <summary>docs/domain.md §3 grade bands: A [90,100] green, B [75,90) blue, C [60,75) yellow, D [40,60) red, E [0,40) black.</summary>
public enum Grade
{
    A,
    B,
    C,
    D,
    E,
}

public sealed record GradeBand(Grade Grade, double From, string Color);

/// <summary>One row of a score table: counts up to <see cref="UpTo"/> (inclusive) score <see cref="Score"/>.</summary>
public sealed record ScoreStep(int UpTo, double Score);

/// <summary>The people, units and regions appraised (docs/domain.md §3).</summary>
public enum AppraisedKind
{
    Supervisor,
    Acceptor,
    ShiftLead,
    Dispatcher,
    Department,
    Region,
}

/// <summary>
/// Everything an administrator may change about appraisal: grade bands, score tables, weights per kind and the minimum
/// number of cases for a place in a ranking. A report stores the configuration it was made with (a copy, not a link),
/// so a later change does not alter it. <see cref="Default"/> is docs/domain.md §3.
/// </summary>
public sealed record AppraisalConfig(
    IReadOnlyList<GradeBand> Bands,
    IReadOnlyList<ScoreStep> VolumeTable,
    IReadOnlyList<ScoreStep> DepartmentFiledTable,
    IReadOnlyList<ScoreStep> GridFiledUrbanTable,
    IReadOnlyList<ScoreStep> GridFiledRuralTable,
    IReadOnlyDictionary<AppraisedKind, IReadOnlyDictionary<string, double>> Weights,
    int MinimumCases)
{
    public const string ValidReport = "有效上报率";
    public const string NotMissed = "1-漏报率";
    public const string VerifyOnTime = "按时核实率";
    public const string CheckOnTime = "按时核查率";
    public const string Volume = "数量分值";
    public const string VerifyDispatchOnTime = "核实按时派发率";
    public const string CheckDispatchOnTime = "核查按时派发率";
    public const string FileOnTime = "按时立案率";
    public const string FileAccuracy = "准确立案率";
    public const string CloseOnTime = "按时结案率";
    public const string DispatchOnTime = "按时派遣率";
    public const string DispatchAccuracy = "准确派遣率";
    public const string FiledScore = "立案数分值";
    public const string Closure = "结案率";
    public const string HandleOnTime = "按期处置率";
    public const string NotReworked = "1-返工率";
    public const string PublicReportScore = "监督举报率分值";

    public static readonly AppraisalConfig Default = new(
        [new(Grade.A, 90, "#2e7d32"), new(Grade.B, 75, "#1565c0"), new(Grade.C, 60, "#f9a825"), new(Grade.D, 40, "#c62828"), new(Grade.E, 0, "#212121")],
        [new(100, 0), new(300, 40), new(500, 60), new(1200, 75), new(2000, 90), new(int.MaxValue, 100)],
        [new(50, 100), new(100, 90), new(200, 75), new(500, 60), new(1000, 40), new(int.MaxValue, 0)],
        [new(0, 100), new(2, 90), new(4, 75), new(6, 60), new(8, 40), new(int.MaxValue, 0)],
        [new(0, 100), new(3, 90), new(5, 75), new(7, 60), new(9, 40), new(int.MaxValue, 0)],
        new Dictionary<AppraisedKind, IReadOnlyDictionary<string, double>>
        {
            [AppraisedKind.Supervisor] = new Dictionary<string, double> { [ValidReport] = 0.40, [NotMissed] = 0.20, [VerifyOnTime] = 0.20, [CheckOnTime] = 0.20 },
            [AppraisedKind.Acceptor] = new Dictionary<string, double> { [Volume] = 0.25, [VerifyDispatchOnTime] = 0.40, [CheckDispatchOnTime] = 0.35 },
            [AppraisedKind.ShiftLead] = new Dictionary<string, double> { [FileOnTime] = 0.25, [FileAccuracy] = 0.40, [CloseOnTime] = 0.35 },
            [AppraisedKind.Dispatcher] = new Dictionary<string, double> { [Volume] = 0.20, [DispatchOnTime] = 0.40, [DispatchAccuracy] = 0.40 },
            [AppraisedKind.Department] = new Dictionary<string, double> { [FiledScore] = 0.10, [Closure] = 0.30, [HandleOnTime] = 0.30, [NotReworked] = 0.30 },
            [AppraisedKind.Region] = new Dictionary<string, double> { [PublicReportScore] = 0.10, [FiledScore] = 0.20, [Closure] = 0.30, [CloseOnTime] = 0.40 },
        },
        MinimumCases: 30);
}

/// <summary>One appraised object's indicator values (each 0–100) and its weighted total and grade.</summary>
public sealed record AppraisalScore(IReadOnlyDictionary<string, double> Indicators, double Total, Grade Grade);

/// <summary>A place in a ranking; <see cref="Rank"/> is null for objects with fewer cases than the configured minimum.</summary>
public sealed record Ranked<T>(T Item, double Total, Grade Grade, int Cases, int? Rank);

/// <summary>
/// The arithmetic of docs/domain.md §3, without a database: rates, score tables, weighted totals, grades and rankings. A rate
/// with nothing due counts as fully met, a bad share of nothing as none (a person with no verifications due has missed
/// none). Rates enter totals ×100.
/// </summary>
public static class AppraisalRules
{
    /// <summary>How much of what was due was done: nothing due counts as fully met.</summary>
    public static double Rate(int done, int due) => due <= 0 ? 1.0 : Math.Clamp((double)done / due, 0, 1);

    /// <summary>How large a bad part is (漏报, 返工, public complaints): nothing at all counts as none.</summary>
    public static double Share(int part, int whole) => whole <= 0 ? 0.0 : Math.Clamp((double)part / whole, 0, 1);

    /// <summary>The score of the first row whose bound the count does not exceed.</summary>
    public static double TableScore(IReadOnlyList<ScoreStep> table, int count) => table.First(s => count <= s.UpTo).Score;

    public static Grade GradeOf(AppraisalConfig config, double score) =>
        config.Bands.OrderByDescending(b => b.From).First(b => score >= b.From || b.From <= 0).Grade;

    public static AppraisalScore Total(AppraisalConfig config, AppraisedKind kind, IReadOnlyDictionary<string, double> indicators)
    {
        var weights = config.Weights[kind];
        var total = Math.Round(weights.Sum(w => w.Value * indicators[w.Key]), 2);
        return new AppraisalScore(indicators, total, GradeOf(config, total));
    }

    /// <summary>监督员: 有效上报率 = filed/reports; 漏报率 = public problems / problems reported in the area (not found false); 按时核实率, 按时核查率.</summary>
    public static AppraisalScore Supervisor(AppraisalConfig config, int reports, int filed, int missed, int filedInArea, int verifiedOnTime, int verificationsDue,
        int checkedOnTime, int checksDue) => Total(config, AppraisedKind.Supervisor, new Dictionary<string, double>
        {
            [AppraisalConfig.ValidReport] = 100 * Rate(filed, reports),
            [AppraisalConfig.NotMissed] = 100 * (1 - Share(missed, filedInArea)),
            [AppraisalConfig.VerifyOnTime] = 100 * Rate(verifiedOnTime, verificationsDue),
            [AppraisalConfig.CheckOnTime] = 100 * Rate(checkedOnTime, checksDue),
        });

    /// <summary>受理员: 受理数分值 (volume table), 核实按时派发率, 核查按时派发率.</summary>
    public static AppraisalScore Acceptor(AppraisalConfig config, int accepted, int verifyDispatchedOnTime, int verifyDispatches, int checkDispatchedOnTime,
        int checkDispatches) => Total(config, AppraisedKind.Acceptor, new Dictionary<string, double>
        {
            [AppraisalConfig.Volume] = TableScore(config.VolumeTable, accepted),
            [AppraisalConfig.VerifyDispatchOnTime] = 100 * Rate(verifyDispatchedOnTime, verifyDispatches),
            [AppraisalConfig.CheckDispatchOnTime] = 100 * Rate(checkDispatchedOnTime, checkDispatches),
        });

    /// <summary>值班长: 按时立案率, 准确立案率 = (filed − voided)/filed, 按时结案率.</summary>
    public static AppraisalScore ShiftLead(AppraisalConfig config, int filedOnTime, int filingsDue, int filed, int voided, int closedOnTime, int closingsDue) =>
        Total(config, AppraisedKind.ShiftLead, new Dictionary<string, double>
        {
            [AppraisalConfig.FileOnTime] = 100 * Rate(filedOnTime, filingsDue),
            [AppraisalConfig.FileAccuracy] = 100 * Rate(filed - voided, filed),
            [AppraisalConfig.CloseOnTime] = 100 * Rate(closedOnTime, closingsDue),
        });

    /// <summary>
    /// 派遣员: 派遣数分值 (volume table, on the monthly count), 按时派遣率 = on time / dispatches due, 准确派遣率 = (dispatched −
    /// reworked)/dispatched (dispatches done: ADR 21).
    /// </summary>
    public static AppraisalScore Dispatcher(AppraisalConfig config, int monthlyVolume, int dispatchedOnTime, int dispatchesDue, int dispatched, int reworked) =>
        Total(config, AppraisedKind.Dispatcher, new Dictionary<string, double>
        {
            [AppraisalConfig.Volume] = TableScore(config.VolumeTable, monthlyVolume),
            [AppraisalConfig.DispatchOnTime] = 100 * Rate(dispatchedOnTime, dispatchesDue),
            [AppraisalConfig.DispatchAccuracy] = 100 * Rate(dispatched - reworked, dispatched),
        });

    /// <summary>专业部门: 立案数分值 (inverse table), 结案率 = closed/due to close, 按期处置率, 1 − 返工率 (reworked/due to close).</summary>
    public static AppraisalScore Department(AppraisalConfig config, int filed, int closed, int dueToClose, int handledOnTime, int dueToHandle, int reworked) =>
        Total(config, AppraisedKind.Department, new Dictionary<string, double>
        {
            [AppraisalConfig.FiledScore] = TableScore(config.DepartmentFiledTable, filed),
            [AppraisalConfig.Closure] = 100 * Rate(closed, dueToClose),
            [AppraisalConfig.HandleOnTime] = 100 * Rate(handledOnTime, dueToHandle),
            [AppraisalConfig.NotReworked] = 100 * (1 - Share(reworked, dueToClose)),
        });

    /// <summary>
    /// Region (grid; streets and communities likewise with their own 立案数 table): 监督举报率分值 = (1 − public reports /
    /// all reports) × 100 — fewer public complaints score higher —, 立案数分值, 结案率, 按期结案率.
    /// </summary>
    public static AppraisalScore Region(AppraisalConfig config, IReadOnlyList<ScoreStep> filedTable, int reports, int publicReports, int filed, int closed,
        int dueToClose, int closedOnTime) => Total(config, AppraisedKind.Region, new Dictionary<string, double>
        {
            [AppraisalConfig.PublicReportScore] = 100 * (1 - Share(publicReports, reports)),
            [AppraisalConfig.FiledScore] = TableScore(filedTable, filed),
            [AppraisalConfig.Closure] = 100 * Rate(closed, dueToClose),
            [AppraisalConfig.CloseOnTime] = 100 * Rate(closedOnTime, dueToClose),
        });

    /// <summary>Highest total first; objects with fewer than the minimum cases are listed after the ranked ones, without a rank.</summary>
    public static IReadOnlyList<Ranked<T>> Rank<T>(AppraisalConfig config, IEnumerable<(T Item, AppraisalScore Score, int Cases)> scored)
    {
        var all = scored.ToList();
        var ranked = all.Where(s => s.Cases >= config.MinimumCases).OrderByDescending(s => s.Score.Total)
            .Select((s, i) => new Ranked<T>(s.Item, s.Score.Total, s.Score.Grade, s.Cases, i + 1));
        var unranked = all.Where(s => s.Cases < config.MinimumCases).OrderByDescending(s => s.Score.Total)
            .Select(s => new Ranked<T>(s.Item, s.Score.Total, s.Score.Grade, s.Cases, null));
        return [.. ranked, .. unranked];
    }
}
