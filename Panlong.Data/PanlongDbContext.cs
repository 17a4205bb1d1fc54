using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Incidents;
using Panlong.Data.Notifications;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Data.Workflows;

namespace Panlong.Data;

/// <summary>
/// The one context of the platform. Each database provider derives a thin subclass
/// (<see cref="Providers"/>) only so that it can keep its own migrations.
/// </summary>
public class PanlongDbContext(DbContextOptions options) : IdentityDbContext<PanlongUser>(options), IDataProtectionKeyContext
{
    // The key ring that signs cookies and antiforgery tokens, shared by every node (docs/decisions/0046-two-nodes.md).
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();
    public DbSet<GridAssignment> GridAssignments => Set<GridAssignment>();
    public DbSet<RotationRule> RotationRules => Set<RotationRule>();
    public DbSet<RotationPlan> RotationPlans => Set<RotationPlan>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AccountVerification> AccountVerifications => Set<AccountVerification>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();
    public DbSet<RoleGrantRequest> RoleGrantRequests => Set<RoleGrantRequest>();
    public DbSet<ProcessDefinition> ProcessDefinitions => Set<ProcessDefinition>();
    public DbSet<ProcessInstance> ProcessInstances => Set<ProcessInstance>();
    public DbSet<WorkTask> WorkTasks => Set<WorkTask>();
    public DbSet<ProcessStep> ProcessSteps => Set<ProcessStep>();
    public DbSet<ProcessTimer> ProcessTimers => Set<ProcessTimer>();
    public DbSet<TimerLease> TimerLeases => Set<TimerLease>();
    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<LegalEntity> LegalEntities => Set<LegalEntity>();
    public DbSet<Building> Buildings => Set<Building>();
    public DbSet<House> Houses => Set<House>();
    public DbSet<RegistryChange> RegistryChanges => Set<RegistryChange>();
    public DbSet<CaseCategory> CaseCategories => Set<CaseCategory>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CasePhoto> CasePhotos => Set<CasePhoto>();
    public DbSet<CaseFact> CaseFacts => Set<CaseFact>();
    public DbSet<Appraisal.AppraisalSetting> AppraisalSettings => Set<Appraisal.AppraisalSetting>();
    public DbSet<Appraisal.AppraisalReport> AppraisalReports => Set<Appraisal.AppraisalReport>();
    public DbSet<Appraisal.StoredIndicators> StoredIndicators => Set<Appraisal.StoredIndicators>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Services.ServiceItem> ServiceItems => Set<Services.ServiceItem>();
    public DbSet<Services.ServiceApplication> ServiceApplications => Set<Services.ServiceApplication>();
    public DbSet<Services.ApplicationMaterial> ApplicationMaterials => Set<Services.ApplicationMaterial>();
    public DbSet<Services.ApplicationEvent> ApplicationEvents => Set<Services.ApplicationEvent>();
    public DbSet<Services.ApplicationDocument> ApplicationDocuments => Set<Services.ApplicationDocument>();
    public DbSet<Services.ServiceRating> ServiceRatings => Set<Services.ServiceRating>();
    public DbSet<Community.VolunteerSkill> VolunteerSkills => Set<Community.VolunteerSkill>();
    public DbSet<Community.VolunteerApplication> VolunteerApplications => Set<Community.VolunteerApplication>();
    public DbSet<Community.Volunteer> Volunteers => Set<Community.Volunteer>();
    public DbSet<Community.VolunteerPost> VolunteerPosts => Set<Community.VolunteerPost>();
    public DbSet<Community.PointAccount> PointAccounts => Set<Community.PointAccount>();
    public DbSet<Community.PointTransaction> PointTransactions => Set<Community.PointTransaction>();
    public DbSet<Community.PointEntry> PointEntries => Set<Community.PointEntry>();
    public DbSet<Community.PointRule> PointRules => Set<Community.PointRule>();
    public DbSet<Community.Activity> Activities => Set<Community.Activity>();
    public DbSet<Community.ActivityHelperSlot> ActivityHelperSlots => Set<Community.ActivityHelperSlot>();
    public DbSet<Community.ActivitySignUp> ActivitySignUps => Set<Community.ActivitySignUp>();
    public DbSet<Community.NeedKind> NeedKinds => Set<Community.NeedKind>();
    public DbSet<Community.Need> Needs => Set<Community.Need>();
    public DbSet<Community.NeedGroup> NeedGroups => Set<Community.NeedGroup>();
    public DbSet<Community.NeedInvitation> NeedInvitations => Set<Community.NeedInvitation>();
    public DbSet<Community.SupermarketGoods> SupermarketGoods => Set<Community.SupermarketGoods>();
    public DbSet<Community.SupermarketOrder> SupermarketOrders => Set<Community.SupermarketOrder>();
    public DbSet<Community.SupermarketStockMovement> SupermarketStockMovements => Set<Community.SupermarketStockMovement>();
    public DbSet<Community.ServiceOrder> ServiceOrders => Set<Community.ServiceOrder>();
    public DbSet<Community.ServiceOrderEvent> ServiceOrderEvents => Set<Community.ServiceOrderEvent>();
    public DbSet<Patrol.PatrolShift> PatrolShifts => Set<Patrol.PatrolShift>();
    public DbSet<Patrol.PatrolFix> PatrolFixes => Set<Patrol.PatrolFix>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentUnit> IncidentUnits => Set<IncidentUnit>();
    public DbSet<IncidentOrder> IncidentOrders => Set<IncidentOrder>();
    public DbSet<IncidentEntry> IncidentEntries => Set<IncidentEntry>();
    public DbSet<Cameras.Camera> Cameras => Set<Cameras.Camera>();
    public DbSet<SpotChecks.SpotCheckPlan> SpotCheckPlans => Set<SpotChecks.SpotCheckPlan>();
    public DbSet<SpotChecks.SpotCheckTask> SpotCheckTasks => Set<SpotChecks.SpotCheckTask>();
    public DbSet<SpotChecks.SpotCheckFinding> SpotCheckFindings => Set<SpotChecks.SpotCheckFinding>();
    public DbSet<PartyStudy.PartyMember> PartyMembers => Set<PartyStudy.PartyMember>();
    public DbSet<PartyStudy.StudyMaterial> StudyMaterials => Set<PartyStudy.StudyMaterial>();
    public DbSet<PartyStudy.StudyProgress> StudyProgress => Set<PartyStudy.StudyProgress>();
    public DbSet<PartyStudy.QuizAttempt> QuizAttempts => Set<PartyStudy.QuizAttempt>();
    public DbSet<PartyStudy.StudyPost> StudyPosts => Set<PartyStudy.StudyPost>();
    public DbSet<PartyStudy.StudyPostReport> StudyPostReports => Set<PartyStudy.StudyPostReport>();
    public DbSet<Tokens.TokenKey> TokenKeys => Set<Tokens.TokenKey>();
    public DbSet<Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Webhooks.WebhookSubscription>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();
    public DbSet<KeySites.KeySite> KeySites => Set<KeySites.KeySite>();
    public DbSet<KeySites.KeySiteDuty> KeySiteDuties => Set<KeySites.KeySiteDuty>();
    public DbSet<KeySites.KeySiteCheckIn> KeySiteCheckIns => Set<KeySites.KeySiteCheckIn>();
    public DbSet<KeySites.KeySiteMiss> KeySiteMisses => Set<KeySites.KeySiteMiss>();
    public DbSet<Care.CareKind> CareKinds => Set<Care.CareKind>();
    public DbSet<Care.CarePlan> CarePlans => Set<Care.CarePlan>();
    public DbSet<Care.CareVisit> CareVisits => Set<Care.CareVisit>();
    public DbSet<Voice.ForumPost> ForumPosts => Set<Voice.ForumPost>();
    public DbSet<Voice.ForumReport> ForumReports => Set<Voice.ForumReport>();
    public DbSet<Voice.LegalQuestion> LegalQuestions => Set<Voice.LegalQuestion>();
    public DbSet<Voice.LegalMessage> LegalMessages => Set<Voice.LegalMessage>();
    public DbSet<Open311.Open311Upstream> Open311Upstreams => Set<Open311.Open311Upstream>();
    public DbSet<Open311.Open311Route> Open311Routes => Set<Open311.Open311Route>();
    public DbSet<Open311.ForwardedCase> ForwardedCases => Set<Open311.ForwardedCase>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PanlongDbContext).Assembly);
        // The token server's clients, authorizations, scopes and tokens (docs/decisions/0082-token-server.md).
        builder.UseOpenIddict();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (PrepareSave())
        {
            throw new InvalidOperationException("Audit entries are linked into their chain by SaveChangesAsync only.");
        }
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // New audit rows join the hash chain in the same transaction (docs/decisions/0028-audit-hash-chain.md).
        return PrepareSave()
            ? AuditChain.SaveAsync(this, (accept, ct) => base.SaveChangesAsync(accept, ct), acceptAllChangesOnSuccess, cancellationToken)
            : base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>New versions for what changes; true when audit rows are added. One pass (and one change detection) per save.</summary>
    private bool PrepareSave()
    {
        var audited = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The audit log is append-only: audit entries cannot be changed or deleted.");
            }
            if (entry.Entity is Community.PointEntry or Community.PointTransaction or Community.PointRule or Community.SupermarketStockMovement && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                // The 金豆 ledger, its rules and the supermarket's stock journal are append-only: a correction is a compensating row (ADR 52, 54).
                throw new InvalidOperationException("The points ledger and the stock journal are append-only: their rows cannot be changed or deleted.");
            }
            audited |= entry is { Entity: AuditEntry, State: EntityState.Added };
            if (entry.Entity is IVersioned versioned && entry.State is EntityState.Added or EntityState.Modified)
            {
                versioned.Version = Guid.NewGuid();
            }
        }
        return audited;
    }
}
