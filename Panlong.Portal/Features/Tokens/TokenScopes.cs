namespace Panlong.Portal.Features.Tokens;

/// <summary>The scopes a partner client may be granted (docs/decisions/0082-token-server.md).</summary>
public static class TokenScopes
{
    public const string CasesRead = "cases.read";
    public const string CasesWrite = "cases.write";
    public const string Open311 = "open311";
    public const string ServicesRead = "services.read";

    public static readonly IReadOnlyList<string> All = [CasesRead, CasesWrite, Open311, ServicesRead];
}

/// <summary>
/// The scope a bearer token must carry for an endpoint. An endpoint without it refuses every token: a token reaches only the
/// APIs that were opened to partners on purpose, whatever roles its service identity holds. The last one on an endpoint wins,
/// so a group's read scope is replaced by a write scope on its POSTs.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class TokenScopeAttribute(string scope) : Attribute
{
    public string Scope { get; } = scope;
}
