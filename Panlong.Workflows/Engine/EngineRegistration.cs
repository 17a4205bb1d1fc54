using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Panlong.Data.Identity;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Tasks;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Workflows.Engine;

public static class EngineRegistration
{
    /// <summary>
    /// The engine alone; features add their guards, effects and listeners as singletons of the engine's interfaces. The
    /// validator holds every feature's process contracts: its listeners' and any registered as a <see cref="ProcessContract"/>.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services)
    {
        services.AddSingleton<IWorkflowEffect, SetVariablesEffect>();
        services.AddSingleton(sp => new ProcessValidator(
            Roles.All,
            sp.GetServices<IWorkflowGuard>().Select(g => g.Name),
            sp.GetServices<IWorkflowEffect>().Select(e => e.Name),
            sp.GetServices<IWorkflowListener>().SelectMany(l => l.Contracts).Concat(sp.GetServices<ProcessContract>())));
        services.AddSingleton<DefinitionStore>();
        services.AddSingleton<ProcessAdministration>();
        services.AddSingleton<CalendarProvider>();
        services.AddSingleton<CalendarEditor>();
        services.AddSingleton<WorkflowRunner>();
        // The portal registers its own signal; tests and tools keep this silent one.
        services.TryAddSingleton<IChangeSignal, NoChangeSignal>();
        services.AddSingleton<WorkTaskService>();
        services.TryAddSingleton<NodeName>();
        services.AddSingleton<TimerRunner>();
        return services;
    }
}
