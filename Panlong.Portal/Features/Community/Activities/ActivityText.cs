using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Portal.Resources;
using Panlong.Workflows.Community;

namespace Panlong.Portal.Features.Community.Activities;

/// <summary>A refusal's text: its resource, with the time it names (check-in opens at …) in China time.</summary>
public static class ActivityText
{
    public static string Problem(IStringLocalizer<SharedResource> l, ActivityResult result)
    {
        var key = result.Problem ?? "Activities.Problem.NotFound";
        return result.At is { } at ? l[key, ChinaTime.FormatMinutes(at)] : l[key];
    }
}
