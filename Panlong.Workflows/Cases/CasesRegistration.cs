using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Panlong.Data.Maps;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cases;

public static class CasesRegistration
{
    /// <summary>The case loop's write side: the guards and effects CaseLoop.json names, its listener and the case service.</summary>
    public static IServiceCollection AddCases(this IServiceCollection services)
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
        services.AddSingleton<IWorkflowEffect, CaseEffects.TakeOver>();
        services.AddSingleton<IWorkflowEffect, CaseEffects.Urge>();
        services.AddSingleton<IWorkflowGuard, CaseForwarding.HasRoute>();
        services.AddSingleton<IWorkflowGuard, CaseForwarding.CanRecall>();
        services.AddSingleton<IWorkflowEffect, CaseForwarding.Forward>();
        services.AddSingleton<IWorkflowEffect, CaseForwarding.Recall>();
        services.AddSingleton<IWorkflowListener, CaseListener>();
        services.TryAddSingleton<GridLocator>();
        services.AddSingleton<CaseService>();
        services.AddSingleton<CategoryEditor>();
        return services;
    }
}
