using Microsoft.Extensions.Localization;
using Panlong.Workflows.Appraisal;

namespace Panlong.Portal.Features.Appraisal;

/// <summary>
/// The indicators' names as pages show them: the configuration keys its weights by the Chinese name of docs/domain.md §3,
/// and pages say it in the reader's language (issue 16: ranking column headers).
/// </summary>
public static class IndicatorNames
{
    private static readonly Dictionary<string, string> Keys = new()
    {
        [AppraisalConfig.ValidReport] = "ValidReport",
        [AppraisalConfig.NotMissed] = "NotMissed",
        [AppraisalConfig.VerifyOnTime] = "VerifyOnTime",
        [AppraisalConfig.CheckOnTime] = "CheckOnTime",
        [AppraisalConfig.Volume] = "Volume",
        [AppraisalConfig.VerifyDispatchOnTime] = "VerifyDispatchOnTime",
        [AppraisalConfig.CheckDispatchOnTime] = "CheckDispatchOnTime",
        [AppraisalConfig.FileOnTime] = "FileOnTime",
        [AppraisalConfig.FileAccuracy] = "FileAccuracy",
        [AppraisalConfig.CloseOnTime] = "CloseOnTime",
        [AppraisalConfig.DispatchOnTime] = "DispatchOnTime",
        [AppraisalConfig.DispatchAccuracy] = "DispatchAccuracy",
        [AppraisalConfig.FiledScore] = "FiledScore",
        [AppraisalConfig.Closure] = "Closure",
        [AppraisalConfig.HandleOnTime] = "HandleOnTime",
        [AppraisalConfig.NotReworked] = "NotReworked",
        [AppraisalConfig.PublicReportScore] = "PublicReportScore",
    };

    public static IEnumerable<string> ResourceKeys => Keys.Values.Select(k => "Indicator." + k);

    public static string Of(IStringLocalizer localizer, string name) => Keys.TryGetValue(name, out var key) ? localizer["Indicator." + key] : name;
}
