using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Panlong.Data.Maps;
using Panlong.Workflows.Cases;
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
        AddCaseLoop(services);
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

    /// <summary>The rules of the case loop (CaseLoop.json names them, so they are part of the engine's vocabulary).</summary>
    private static void AddCaseLoop(IServiceCollection services)
    {
        services.AddSingleton<IWorkflowGuard, CaseGuards.HasChecker>();
        services.AddSingleton<IWorkflowGuard, CaseGuards.SelfHandled>();
        services.AddSingleton<IWorkflowGuard, CaseGuards.DispatchTarget>();
        services.AddSingleton<IWorkflowGuard, CaseGuards.MajorDispatch>();
        services.AddSingleton<IWorkflowGuard, CaseGuards.PushDown>();
        services.AddSingleton<IWorkflowGuard, CaseGuards.CanEscalate>();
        services.AddSingleton<IWorkflowGuard, CaseGuards.ExtensionHours>();
        services.AddSingleton<IWorkflowEffect, CaseEffects.CheckerIsActor>();
        services.AddSingleton<IWorkflowEffect, CaseEffects.Dispatch>();
        services.AddSingleton<IWorkflowEffect, CaseEffects.MoveHub>();
        services.AddSingleton<IWorkflowEffect, CaseEffects.HoldHandling>();
        services.AddSingleton<IWorkflowEffect, CaseEffects.ResumeHandling>();
        services.AddSingleton<IWorkflowEffect, CaseEffects.Rework>();
        services.AddSingleton<IWorkflowListener, CaseListener>();
        services.TryAddSingleton<GridLocator>();
        services.AddSingleton<CaseService>();
        services.AddSingleton<CaseGenerator>();
        services.AddSingleton<Appraisal.AppraisalCalculator>();
        services.AddSingleton<Appraisal.AppraisalSettings>();
        services.AddSingleton<IWorkflowListener, Services.ApplicationListener>();
        services.AddSingleton<IWorkflowListener, Services.ApplicationListener.RatingListener>();
        services.AddSingleton<Services.RegistryFacts>();
        services.AddSingleton<Services.ApplicationService>();
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
