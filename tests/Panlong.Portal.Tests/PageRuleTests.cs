using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests;

/// <summary>
/// docs/architecture.md: pages write through their feature's service and read through queries; none reaches past them
/// to the workflow runner or opens database contexts of its own.
/// </summary>
public class PageRuleTests
{
    [Fact]
    public void Components_InjectNeitherTheRunnerNorAContextFactory()
    {
        var offences = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ComponentBase).IsAssignableFrom(t))
            .SelectMany(t => Injected(t).Where(p => Forbidden(p.PropertyType)).Select(p => $"{t.FullName}.{p.Name}: {p.PropertyType.Name}"))
            .ToList();

        Assert.True(offences.Count == 0, "Components reaching past their feature's service:\n" + string.Join('\n', offences));
    }

    [Fact]
    public void Forbidden_NamesTheRunnerAndEveryContextFactory()
    {
        Assert.True(Forbidden(typeof(WorkflowRunner)));
        Assert.True(Forbidden(typeof(IDbContextFactory<Data.PanlongDbContext>)));
        Assert.False(Forbidden(typeof(Workflows.Cases.CaseService)));
        // The reflection sees what a page injects, or the rule above could never fail.
        Assert.Contains(Injected(typeof(Portal.Features.Cases.CaseDetailPage)), p => p.PropertyType == typeof(Workflows.Cases.CaseService));
    }

    private static IEnumerable<PropertyInfo> Injected(Type component) =>
        component.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Where(p => p.GetCustomAttribute<InjectAttribute>() is not null);

    private static bool Forbidden(Type type) =>
        type == typeof(WorkflowRunner) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDbContextFactory<>));
}
