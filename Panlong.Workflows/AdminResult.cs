namespace Panlong.Workflows;

/// <summary>
/// Outcome of an administrative action; <see cref="ErrorKey"/> is a localizer key, <see cref="Detail"/> free text;
/// <see cref="NoticeKey"/> says what a success came to when it is not simply "saved" (e.g. waiting for a second administrator).
/// </summary>
public sealed record AdminResult(bool Ok, string? ErrorKey = null, string? Detail = null, string? NoticeKey = null)
{
    public static readonly AdminResult Success = new(true);
    public static AdminResult Fail(string key, string? detail = null) => new(false, key, detail);
}
