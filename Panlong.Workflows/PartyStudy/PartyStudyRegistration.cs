using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Workflows.PartyStudy;

public static class PartyStudyRegistration
{
    /// <summary>流动党员 study: membership, materials, reading time, quizzes and the moderated threads.</summary>
    public static IServiceCollection AddPartyStudy(this IServiceCollection services)
    {
        services.AddSingleton<PartyMembership>();
        services.AddSingleton<StudyMaterials>();
        services.AddSingleton<StudyReading>();
        services.AddSingleton<StudyQuiz>();
        services.AddSingleton<StudyDiscussion>();
        return services;
    }
}
