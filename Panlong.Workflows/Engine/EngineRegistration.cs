using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Identity;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Tasks;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Workflows.Engine;

public static class EngineRegistration
{
    /// <summary>The engine alone; features add their guards, effects and listeners as singletons of the engine's interfaces.</summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services)
    {
        services.AddSingleton<IWorkflowEffect, SetVariablesEffect>();
        services.AddSingleton(sp => new ProcessValidator(
            Roles.All,
            sp.GetServices<IWorkflowGuard>().Select(g => g.Name),
            sp.GetServices<IWorkflowEffect>().Select(e => e.Name)));
        services.AddSingleton<DefinitionStore>();
        services.AddSingleton<ProcessAdministration>();
        services.AddSingleton<CalendarProvider>();
        services.AddSingleton<CalendarEditor>();
        services.AddSingleton<WorkflowRunner>();
        services.AddSingleton<WorkTaskService>();
        services.AddSingleton<TimerRunner>();
        return services;
    }
}
