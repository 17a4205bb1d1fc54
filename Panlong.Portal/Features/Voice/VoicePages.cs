using Panlong.Workflows.Engine.Timers;
using Panlong.Workflows.Voice;

namespace Panlong.Portal.Features.Voice;

/// <summary>社区微吧 and 法律诊所 in the portal (docs/decisions/0089-community-voice.md): the clinic's deadline sweep.</summary>
public static class VoicePages
{
    public static IServiceCollection AddVoicePages(this IServiceCollection services)
    {
        services.AddPeriodicJob<LawClinicSweepJob>();
        return services;
    }
}

/// <summary>Overdue legal questions to the street's 司法所 every <c>LawClinic:SweepSeconds</c> (300); each is a conditional update, so nodes never send two bells.</summary>
public sealed class LawClinicSweepJob(LawClinic clinic, IConfiguration configuration) : PeriodicJob
{
    public override string Name => "law-clinic-sweep";

    public override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("LawClinic:SweepSeconds", 300)));

    public override Task RunAsync(CancellationToken ct) => clinic.SweepAsync(ct);
}
