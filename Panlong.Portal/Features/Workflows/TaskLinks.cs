using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Tasks;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Features.Workflows;

/// <summary>Where a task is done: its case or application page (both carry the actions), else the process page.</summary>
public static class TaskLinks
{
    /// <remarks>
    /// An applicant's 补齐补正 task opens their application: the process page is for staff, and a resident is told it
    /// does not exist (issue 16).
    /// </remarks>
    public static string Of(InboxItem item) => item.SubjectType switch
    {
        CaseListener.Subject => $"/cases/{item.SubjectId}",
        ApplicationListener.Subject => $"/applications/{item.SubjectId}",
        _ => $"/processes/{item.InstanceId}",
    };
}
