namespace Panlong.Data.Community;

public enum PointAccountKind
{
    /// <summary>A volunteer's beans; owner = the volunteer's code.</summary>
    Volunteer,
    /// <summary>A community's 爱心超市, where beans are spent; owner = the community code.</summary>
    Supermarket,
    /// <summary>A community's issuing account, the source of every award (it runs negative); owner = the community code.</summary>
    Issuing,
}

/// <summary>A 金豆 account. It holds no balance: the balance is the sum of its entries (docs/decisions/0052-volunteers-and-points-ledger.md).</summary>
public class PointAccount
{
    public long Id { get; set; }
    public PointAccountKind Kind { get; set; }
    public required string Owner { get; set; }
    public required string CommunityCode { get; set; }
    public required string ScopePath { get; set; }
}

/// <summary>
/// One movement: two or more entries summing to zero. (SourceType, SourceId, Action) is unique, which makes an award,
/// its reversal and a spend idempotent across deliveries and nodes. Append-only: never updated or deleted.
/// </summary>
public class PointTransaction
{
    public long Id { get; set; }
    /// <summary>"case", "order", "activity", "spend", …</summary>
    public required string SourceType { get; set; }
    public required string SourceId { get; set; }
    /// <summary>"award", "reverse", "spend".</summary>
    public required string Action { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Memo { get; set; }
    public string? ActorUserId { get; set; }
    /// <summary>The transaction this one compensates.</summary>
    public long? ReversesId { get; set; }
    public List<PointEntry> Entries { get; set; } = [];
}

/// <summary>One side of a movement: a signed amount on one account. Append-only.</summary>
public class PointEntry
{
    public long Id { get; set; }
    public long TransactionId { get; set; }
    public long AccountId { get; set; }
    public int Amount { get; set; }
}

public enum PointRuleKind
{
    /// <summary>A closed case the volunteer reported; per category (<see cref="PointRule.CategoryCode"/>), null = every other category.</summary>
    CaseClosed,
    OrderConfirmed,
    ActivityAttended,
    /// <summary>The most beans a volunteer earns in one China day; Points = the cap.</summary>
    DailyCap,
}

/// <summary>
/// An earning rule version: the row with the latest <see cref="EffectiveFrom"/> not after a movement's time applies. A
/// change is a new row (never an edit), audited.
/// </summary>
public class PointRule
{
    public long Id { get; set; }
    public PointRuleKind Kind { get; set; }
    /// <summary>A case category's code ("G-02" 疑似吸毒人员): codes, unlike ids, are the same in every database.</summary>
    public string? CategoryCode { get; set; }
    public int Points { get; set; }
    public DateTimeOffset EffectiveFrom { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}
