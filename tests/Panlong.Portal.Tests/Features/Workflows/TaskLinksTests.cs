using Panlong.Portal.Features.Workflows;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Tasks;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Workflows;

public class TaskLinksTests
{
    private static readonly Guid Instance = Guid.NewGuid();

    [Theory]
    [InlineData(CaseListener.Subject, "AJ2026000001", "/cases/AJ2026000001")]
    // The applicant's 补齐补正 opens their application: a resident is told the process page does not exist (issue 16).
    [InlineData(ApplicationListener.Subject, "SQ2026000001", "/applications/SQ2026000001")]
    public void Of_ATaskOnACaseOrApplication_OpensItsOwnPage(string subjectType, string subjectId, string expected)
    {
        Assert.Equal(expected, TaskLinks.Of(Task(subjectType, subjectId)));
    }

    [Fact]
    public void Of_ATaskOnAnyOtherProcess_OpensTheProcessPage()
    {
        Assert.Equal($"/processes/{Instance}", TaskLinks.Of(Task("appraisal-report", "4")));
    }

    private static InboxItem Task(string subjectType, string subjectId) =>
        new(1, Instance, "process", subjectType, subjectId, "State", "Step", null, "/530103/", null, DateTimeOffset.UnixEpoch, null, TrafficLight.Green, Guid.NewGuid());
}
