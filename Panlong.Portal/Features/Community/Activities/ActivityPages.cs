namespace Panlong.Portal.Features.Community.Activities;

/// <summary>Who opens the activity pages: residents and volunteers of a community and the community's staff (ADR 56).</summary>
public static class ActivityPages
{
    public const string Readers = "Resident,Volunteer," + Panlong.Workflows.Community.ActivityService.StaffRoles;
    public const string Participants = "Resident,Volunteer";
}
