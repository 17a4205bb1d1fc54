using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Panlong.Data.Identity;
using Panlong.Workflows.Calendar;
using Panlong.Workflows.Definitions;
using Panlong.Workflows.Runtime;
using Panlong.Workflows.Tasks;
using Panlong.Workflows.Timers;

namespace Panlong.Workflows;

public static class WorkflowRegistration
{
    /// <summary>The engine; features add their guards and effects as <see cref="IWorkflowGuard"/>/<see cref="IWorkflowEffect"/> singletons.</summary>
    public static IServiceCollection AddPanlongWorkflows(this IServiceCollection services)
    {
        services.AddSingleton<IWorkflowEffect, SetVariablesEffect>();
        services.AddSingleton(sp => new ProcessValidator(
            Roles.All,
            sp.GetServices<IWorkflowGuard>().Select(g => g.Name),
            sp.GetServices<IWorkflowEffect>().Select(e => e.Name)));
        services.AddSingleton<DefinitionStore>();
        services.AddSingleton<CalendarProvider>();
        services.AddSingleton<WorkflowRunner>();
        services.AddSingleton<WorkTaskService>();
        services.AddSingleton<TimerRunner>();
        return services;
    }

    public static IHostApplicationBuilder AddPanlongWorkflows(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPanlongWorkflows();
        if (builder.Configuration.GetValue("Workflows:RunTimers", true))
        {
            builder.Services.AddHostedService<TimerService>();
        }
        return builder;
    }
}
