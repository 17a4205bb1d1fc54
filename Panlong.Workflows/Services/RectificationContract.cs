using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Services;

/// <summary>The trigger of rating-rectification that code names: the service fires it, the rating listener records it (docs/workflows.md, "Contracts").</summary>
public static class RectificationContract
{
    public const string Key = "rating-rectification";

    public const string Answer = "Answer";

    public static readonly ProcessContract Contract = new(Key, [], [Answer]);
}
