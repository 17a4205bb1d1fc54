using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Panlong.TestOrder;

/// <summary>
/// Names a test project's longest test collections — a class name, or a named collection's name — in the order they should
/// start (docs/decisions/0104-slowest-collections-first.md). Read by <see cref="SlowestFirst"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class StartFirstAttribute(params string[] collections) : Attribute
{
    public IReadOnlyList<string> Collections { get; } = collections;
}

/// <summary>
/// Starts the collections named by <see cref="StartFirstAttribute"/> before all others, then the rest in xUnit's own order.
/// xUnit queues each collection's first test in the order it is given, so a long class that happened to come last began
/// when the others were done and ran alone at the end: the whole run's tail (docs/decisions/0104-slowest-collections-first.md).
/// </summary>
public sealed class SlowestFirst : ITestCollectionOrderer
{
    public const string TypeName = "Panlong.TestOrder.SlowestFirst";

    private readonly DefaultTestCollectionOrderer _default = new();

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var first = typeof(SlowestFirst).Assembly.GetCustomAttribute<StartFirstAttribute>()?.Collections ?? [];
        var rest = _default.OrderTestCollections(testCollections).ToList();
        var ordered = new List<ITestCollection>();
        foreach (var name in first)
        {
            var match = rest.FirstOrDefault(c => Named(c, name));
            if (match is not null)
            {
                ordered.Add(match);
                rest.Remove(match);
            }
        }
        return [.. ordered, .. rest];
    }

    /// <summary>A named collection's display name is its name; a class's own collection is "Test collection for Namespace.Class".</summary>
    private static bool Named(ITestCollection collection, string name) =>
        collection.DisplayName == name || collection.DisplayName.EndsWith("." + name, StringComparison.Ordinal);
}
