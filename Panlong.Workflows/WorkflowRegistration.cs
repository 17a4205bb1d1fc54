using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cameras;
using Panlong.Workflows.Care;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine;
using Panlong.Workflows.Engine.Timers;
using Panlong.Workflows.Incidents;
using Panlong.Workflows.KeySites;
using Panlong.Workflows.Operations;
using Panlong.Workflows.Organization;
using Panlong.Workflows.PartyStudy;
using Panlong.Workflows.Patrol;
using Panlong.Workflows.Registry;
using Panlong.Workflows.SpotChecks;
using Panlong.Workflows.Services;
using Panlong.Workflows.Voice;
using Panlong.Workflows.Watchers;
using Panlong.Workflows.Webhooks;

namespace Panlong.Workflows;

public static class WorkflowRegistration
{
    /// <summary>The engine and every feature's write side (docs/architecture.md).</summary>
    public static IServiceCollection AddPanlongWorkflows(this IServiceCollection services) => services
        .AddWorkflowEngine()
        .AddCases()
        .AddServiceApplications()
        .AddCommunity()
        .AddActivities()
        .AddRegistry()
        .AddOrganization()
        .AddAppraisal()
        .AddPartyStudy()
        .AddPatrol()
        .AddIncidents()
        .AddCameras()
        .AddSpotChecks()
        .AddKeySites()
        .AddCarePlans()
        .AddCommunityVoice()
        .AddBuildingWatchers()
        .AddRetention()
        .AddWebhookEvents();

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
