using System.Reflection;
using System.Reflection.Emit;
using Panlong.Data;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests;

/// <summary>
/// The folder rule of docs/architecture.md, read from the compiled assemblies: Data knows neither Workflows nor the
/// Portal, and the engine (Panlong.Workflows.Engine.*) uses no feature — not in a signature, not inside a method body.
/// </summary>
public class ArchitectureTests
{
    /// <summary>
    /// The namespaces the engine may use of Panlong's own: itself, the data it persists (instances, org units, roles,
    /// outbox) and the cross-cutting audit trail its administration writes.
    /// </summary>
    private static readonly string[] EngineMayUse =
    [
        "Panlong.Workflows.Engine",
        "Panlong.Data.Workflows",
        "Panlong.Data.Organization",
        "Panlong.Data.Identity",
        "Panlong.Data.Notifications",
        "Panlong.Data.Audit",
    ];

    private static readonly Assembly Workflows = typeof(WorkflowRunner).Assembly;

    [Fact]
    public void DataAssembly_ReferencesNeitherWorkflowsNorPortal()
    {
        var references = typeof(PanlongDbContext).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain(references, name => name is "Panlong.Workflows" or "Panlong.Portal");
    }

    [Fact]
    public void WorkflowsAssembly_DoesNotReferenceThePortal()
    {
        Assert.DoesNotContain(Workflows.GetReferencedAssemblies(), a => a.Name == "Panlong.Portal");
    }

    [Fact]
    public void Engine_UsesNoFeature()
    {
        var engineTypes = Workflows.GetTypes().Where(t => InEngine(t.Namespace)).ToList();
        Assert.NotEmpty(engineTypes);

        var offences = engineTypes
            .SelectMany(t => UsedTypes(t).Where(used => !Allowed(used)).Select(used => $"{t.FullName} → {used.FullName}"))
            .Distinct()
            .ToList();

        Assert.True(offences.Count == 0, "The engine uses feature types:\n" + string.Join('\n', offences));
    }

    [Fact]
    public void Engine_UsesNoFeature_CatchesAFeatureReference()
    {
        // The check itself must see a feature type used inside a method body, or the rule above could never fail.
        var used = UsedTypes(typeof(Probe)).ToList();

        Assert.Contains(used, t => t == typeof(Panlong.Workflows.Cases.CaseService));
        Assert.Contains(used, t => !Allowed(t) && t.Namespace == "Panlong.Workflows.Cases");
    }

    private static bool InEngine(string? ns) => ns is not null && (ns == "Panlong.Workflows.Engine" || ns.StartsWith("Panlong.Workflows.Engine.", StringComparison.Ordinal));

    private static bool Allowed(Type type)
    {
        var ns = type.Namespace ?? "";
        if (!ns.StartsWith("Panlong", StringComparison.Ordinal))
        {
            return true;
        }
        // The Data root holds what every part shares (the context, ChinaTime, Ratio): its feature tables are reached only
        // through feature types, which are checked. AdminResult is the answer of every administration editor.
        return ns == "Panlong.Data"
            || type == typeof(AdminResult)
            || EngineMayUse.Any(allowed => ns == allowed || ns.StartsWith(allowed + ".", StringComparison.Ordinal));
    }

    /// <summary>Every Panlong type a type names: base, interfaces, members' signatures, generic arguments, and the IL of its methods.</summary>
    private static HashSet<Type> UsedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }
            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var arg in t.GetGenericArguments())
                {
                    Add(arg);
                }
                t = t.GetGenericTypeDefinition();
            }
            if (!t.IsGenericParameter)
            {
                found.Add(t);
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }
        foreach (var field in type.GetFields(all))
        {
            Add(field.FieldType);
        }
        foreach (var property in type.GetProperties(all))
        {
            Add(property.PropertyType);
        }
        var methods = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all));
        foreach (var method in methods)
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }
            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }
            foreach (var used in TypesInBody(method))
            {
                Add(used);
            }
        }
        foreach (var nested in type.GetNestedTypes(all))
        {
            foreach (var used in UsedTypes(nested))
            {
                found.Add(used);
            }
        }
        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The declaring types of the methods and fields, and the types, that a method's IL names.</summary>
    private static IEnumerable<Type> TypesInBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var member = module.ResolveMember(BitConverter.ToInt32(il, at), typeArgs, methodArgs);
                    var declared = member as Type ?? member?.DeclaringType;
                    if (declared is not null)
                    {
                        yield return declared;
                    }
                    if (member is MethodInfo called)
                    {
                        yield return called.ReturnType;
                    }
                    if (member is FieldInfo field)
                    {
                        yield return field.FieldType;
                    }
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }

    /// <summary>Uses a feature type only inside a method body, the case a signature-only check would miss.</summary>
    private static class Probe
    {
        public static string Name() => nameof(Probe) + typeof(Panlong.Workflows.Cases.CaseService).Name;
    }
}
