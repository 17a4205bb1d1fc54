using Microsoft.Extensions.Localization;
using Panlong.Workflows.Registry;

namespace Panlong.Portal.Features.Services;

/// <summary>The registry a verified fact came from, in the reader's language ("Pre-filled … from the Population registry", issue 16).</summary>
public static class RegistrySources
{
    public static string Title(IStringLocalizer localizer, string source) => source switch
    {
        RegistryFacts.Population => localizer["People.Title"],
        RegistryFacts.Entities => localizer["Entities.Title"],
        _ => source,
    };
}
