using Microsoft.Extensions.Localization;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Identity.TwoFactor;

namespace Panlong.Portal.Features.Audit;

/// <summary>
/// Every action the code writes to the audit log, in the order the audit administrator's filter lists them, and its
/// name in the reader's language (resource <c>AuditAction.{action}</c>). The stored action stays the code: the chain
/// hashes it (docs/decisions/0028-audit-hash-chain.md), so it is translated when shown, never rewritten.
/// </summary>
public static class AuditCatalog
{
    /// <summary>Application and case decisions are written as <c>Application.{trigger}</c> and <c>Case.{trigger}</c>.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        AuditActions.SignIn, AuditActions.SignInFailed, AuditActions.LockedOut, AuditActions.SignOut,
        .. AccountAuditActions.All,
        TwoFactorAuditActions.Enabled, TwoFactorAuditActions.Disabled, TwoFactorAuditActions.ResetByAdmin, TwoFactorAuditActions.RecoveryCodesRenewed,
        TwoFactorAuditActions.CodeRefused,
        "Account.Register", "Account.Register.Refused", "Account.Verify", "Account.LookupAtWindow", "Account.ActivateAtWindow",
        AuditActions.UserCreated, AuditActions.UserUnlocked, AuditActions.RoleChanged, RoleGrantActions.Requested, RoleGrantActions.Approved,
        RoleGrantActions.Declined, AuditActions.AdministratorCreated, AuditActions.OrgUnitChanged,
        AuditActions.PersonalDataRevealed, "Registry.Lookup", AuditActions.PeopleExported, AuditActions.CasesExported, AuditActions.DocumentDownloaded,
        "Application.Submit", "Application.Accept", "Application.Reject", "Application.RequestSupplement", "Application.Resubmit",
        "Application.Approve", "Application.Deny", "Application.Suspend", "Application.Resume", "Application.AnswerRating", "Application.MaterialView",
        "Case.ConfirmSelfHandled", "Case.Decline", "Case.ApproveVoid", "Case.ApproveShelve", "Case.ApproveExtension", "Case.Escalate", "Case.TakeOver",
        "Case.Urge",
        "Volunteer.Apply", "Volunteer.Approve", "Volunteer.Decline", "Volunteer.Appoint", "Volunteer.Dismiss", "Volunteer.Suspended", "Volunteer.Active",
        "Volunteer.Left", "PointRule.Publish", .. Panlong.Workflows.Community.NeedContract.AuditActions,
        "Activity.Publish", "Activity.Edit", "Activity.Cancel", "Activity.CheckIn",
        "ServiceOrder.Post", "Patrol.Start", "Patrol.End", Patrol.PatrolQueries.TrackViewed, "Patrol.Purge", Panlong.Workflows.Patrol.PatrolService.AbandonAction, AuditActions.IncidentRaised, AuditActions.IncidentOpened, AuditActions.IncidentClosed, AuditActions.IncidentReportDownloaded,
        AuditActions.CameraCreated, AuditActions.CameraEdited, AuditActions.CameraDisabled, AuditActions.CameraEnabled, AuditActions.CameraViewed, AuditActions.CaseSnapshotAttached, .. Panlong.Workflows.SpotChecks.SpotCheckService.AuditActions,
        .. Panlong.Workflows.KeySites.KeySiteService.AuditActions,
        "Supermarket.AddGoods", "Supermarket.EditGoods", "Supermarket.CountStock", "Supermarket.Cancel", "Supermarket.HandOver", Community.SupermarketApi.StatementAudit,
        .. Panlong.Workflows.PartyStudy.PartyStudyAudit.All, .. Panlong.Workflows.Voice.VoiceContract.AuditActions, .. Panlong.Workflows.Organization.RotationContract.AuditActions,
        AuditActions.ProcessPublished, "ServiceItem.Publish", "CaseCategory.Edit", AuditActions.CalendarChanged,
        "appraisal.config", "appraisal.report.request", "appraisal.report.download",
        .. Tokens.TokenAuditActions.All,
        .. Webhooks.WebhookAuditActions.All,
        .. Open311Client.Open311ClientAudit.All,
        AuditActions.AuditRead, AuditActions.AuditExported, AuditActions.AuditVerified, AuditActions.AuditChainBroken, AuditActions.AuditArchived,
        AuditActions.BackupCreated, AuditActions.BackupRestored, AuditActions.RetentionRun,
        .. Panlong.Workflows.Care.CareService.AuditActions,
        .. Panlong.Workflows.Watchers.BuildingWatch.AuditActions,
    ];

    /// <summary>The action's name; an action the catalogue does not know yet shows as recorded rather than as a resource key.</summary>
    public static string Name(IStringLocalizer localizer, string action)
    {
        var name = localizer["AuditAction." + action];
        return name.ResourceNotFound ? action : name.Value;
    }
}
