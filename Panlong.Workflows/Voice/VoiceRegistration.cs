using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Workflows.Voice;

public static class VoiceRegistration
{
    /// <summary>社区微吧 and 法律诊所: the forum, the clinic, their read side and figures (docs/decisions/0089-community-voice.md).</summary>
    public static IServiceCollection AddCommunityVoice(this IServiceCollection services)
    {
        services.AddSingleton<ForumWords>();
        services.AddSingleton<CommunityForum>();
        services.AddSingleton<LawClinic>();
        services.AddSingleton<VoiceQueries>();
        services.AddSingleton<VoiceFigures>();
        return services;
    }
}
