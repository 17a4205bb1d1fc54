namespace Panlong.Data.Community;

/// <summary>
/// Goods on a community 爱心超市's shelf, priced in 金豆 (docs/decisions/0054-supermarket.md). <see cref="Stock"/> changes only
/// by a conditional update inside a movement's transaction, each change journalled in <see cref="SupermarketStockMovement"/>.
/// </summary>
public class SupermarketGoods : IOrgScoped
{
    public long Id { get; set; }
    public required string CommunityCode { get; set; }
    /// <summary>The community's path: the keeper's and the volunteers' scope.</summary>
    public required string ScopePath { get; set; }
    public required string Name { get; set; }
    public int Price { get; set; }
    public int Stock { get; set; }
    public bool OnShelf { get; set; } = true;
    /// <summary>The photo and its thumbnail in the case photo store (docs/decisions/0023-upload-safety.md).</summary>
    public string? PhotoPath { get; set; }
    public string? ThumbnailPath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum SupermarketOrderStatus
{
    /// <summary>Paid, waiting for the volunteer to pick it up.</summary>
    Awaiting,
    HandedOver,
    Cancelled,
}

/// <summary>A redemption: the beans spent (ledger source <c>("supermarket-order", Key)</c>) and a pick-up code the keeper enters to hand over.</summary>
public class SupermarketOrder : IOrgScoped
{
    public long Id { get; set; }
    /// <summary>The redemption's idempotency key, made when the page offered it: a double click or a retry redeems once.</summary>
    public required string Key { get; set; }
    public required string CommunityCode { get; set; }
    public required string ScopePath { get; set; }
    public long GoodsId { get; set; }
    public required string GoodsName { get; set; }
    public int Quantity { get; set; }
    public int Price { get; set; }
    public int Amount { get; set; }
    public required string VolunteerCode { get; set; }
    public required string VolunteerUserId { get; set; }
    /// <summary>Eight random digits, shown as a QR code and as digits.</summary>
    public required string PickupCode { get; set; }
    public SupermarketOrderStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? CancelReason { get; set; }
}

public enum StockMovementKind
{
    /// <summary>Goods put on the shelf with their first stock.</summary>
    Listed,
    Redeemed,
    /// <summary>A cancelled order's goods back on the shelf.</summary>
    Returned,
    /// <summary>Stock-taking: the counted stock minus the recorded one, with the keeper's reason.</summary>
    Counted,
}

/// <summary>One change of a goods' stock, written in the change's own transaction: stock is never edited silently.</summary>
public class SupermarketStockMovement : IOrgScoped
{
    public long Id { get; set; }
    public long GoodsId { get; set; }
    public required string ScopePath { get; set; }
    public StockMovementKind Kind { get; set; }
    public int Delta { get; set; }
    public long? OrderId { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset At { get; set; }
    public string? By { get; set; }
}
