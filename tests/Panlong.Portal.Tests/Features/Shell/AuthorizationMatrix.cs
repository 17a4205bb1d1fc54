using R = Panlong.Data.Identity.Roles;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>What a request gets, judged from the outside: the page or data, the sign-in, a refusal, or "no such thing".</summary>
public enum Answer
{
    /// <summary>Past every gate: the page, the data, or a refusal of the request's content (400, 405, 409, 412, 428…).</summary>
    Allowed,
    /// <summary>401, or a redirect to the sign-in page.</summary>
    SignIn,
    /// <summary>403, a redirect to the access-denied page, or a page that says access denied.</summary>
    Denied,
    /// <summary>404, or a page that says the thing is not there or not in the caller's scope.</summary>
    NotFound,
    /// <summary>5xx: never an expected answer.</summary>
    Broken,
}

/// <summary>Who asks: nobody, a user holding one role in the home street (拓东), or one holding it in another street (鼓楼).</summary>
public sealed record Asker(string? Role, bool OtherStreet = false)
{
    public static readonly Asker Anonymous = new((string?)null);

    public override string ToString() => Role is null ? "anonymous" : OtherStreet ? $"{Role} of another street" : Role;
}

/// <summary>
/// One row of the matrix. <see cref="Gate"/> holds the roles let through (null: every signed-in user, or with
/// <see cref="Anonymous"/> everyone); a gated-in role missing from <see cref="Sees"/> is told "not found" for the row's
/// resource; with <see cref="Scoped"/> a user of another street is told "not found" too. <see cref="Probe"/> is the path
/// asked, with {tokens} for the ids the fixture made (<see cref="AuthorizationMatrixPortal"/>); <see cref="More"/> asks the
/// same endpoint about another kind of resource.
/// </summary>
public sealed record Access(bool Anonymous, IReadOnlyList<string>? Gate)
{
    public IReadOnlyList<string>? Sees { get; init; }
    public bool Scoped { get; init; }
    public string? Probe { get; init; }
    public Answer? Always { get; init; }

    /// <summary>Further probes of the same endpoint (another kind of resource behind one route), each with its own rule.</summary>
    public IReadOnlyList<Access> More { get; init; } = [];
    public IReadOnlyDictionary<string, Answer> Exceptions { get; init; } = new Dictionary<string, Answer>();

    public static Access Public => new(true, null);
    public static Access SignedIn => new(false, null);
    public static Access Only(params string[] roles) => new(false, roles);
    public static Access Everyone(Answer answer) => new(true, null) { Always = answer };

    public Access At(string probe) => this with { Probe = probe };

    public Access And(Access other) => this with { More = [.. More, other] };

    /// <summary>This probe and the further ones.</summary>
    public IEnumerable<Access> Probes => [this, .. More.SelectMany(m => m.Probes)];

    /// <summary>The resource lies in the home street: a user of another street is told it does not exist.</summary>
    public Access InScope() => this with { Scoped = true };

    /// <summary>Only these roles see the resource; the others who pass the gate are told it does not exist.</summary>
    public Access Showing(params string[] roles) => this with { Sees = roles };

    /// <summary>A home-street user of this role gets another answer than the rule's (say why beside it).</summary>
    public Access But(string role, Answer answer) => this with { Exceptions = new Dictionary<string, Answer>(Exceptions) { [role] = answer } };

    public Answer Expected(Asker who)
    {
        if (Always is { } always)
        {
            return always;
        }
        if (who.Role is not { } role)
        {
            return Anonymous ? Answer.Allowed : Answer.SignIn;
        }
        if (Gate is not null && !Gate.Contains(role))
        {
            return Answer.Denied;
        }
        if (who.OtherStreet && Scoped)
        {
            return Answer.NotFound;
        }
        if (Exceptions.TryGetValue(role, out var exception))
        {
            return exception;
        }
        return Sees is null || Sees.Contains(role) ? Answer.Allowed : Answer.NotFound;
    }
}

/// <summary>
/// The authorization matrix (issue 15): every page and endpoint of the portal, keyed "METHODS pattern" exactly as the
/// endpoint data source names it, with the answer for each role, for anonymous callers and for users of another street.
/// Roles are spelled out rather than taken from the portal's comma lists, so a widened list fails here.
/// A new endpoint needs one line here; <see cref="AuthorizationMatrixTests"/> prints the line to start from.
/// </summary>
public static class AuthorizationMatrix
{
    private static readonly string[] CaseDesk =
        [R.Inspector, R.Supervisor, R.GridWorker, R.SecurityPatroller, R.Volunteer, R.Resident, R.Acceptor, R.ShiftLead, R.Dispatcher, R.DepartmentHandler, R.Leader];
    private static readonly string[] CaseReporters = [R.Inspector, R.Supervisor, R.GridWorker, R.SecurityPatroller, R.Volunteer, R.Resident, R.Acceptor];
    private static readonly string[] Patrollers = [R.SecurityPatroller, R.Inspector, R.Supervisor, R.GridWorker];
    private static readonly string[] CareReaders = [.. Panlong.Workflows.Care.CareSettings.Readers.Split(',')];
    private static readonly string[] OrgViewers =
        [R.GridWorker, R.Inspector, R.Supervisor, R.Acceptor, R.ShiftLead, R.Dispatcher, R.DepartmentHandler, R.WindowClerk, R.Approver, R.Leader, R.SystemAdmin];
    /// <summary>The map and grid pages: the organization's viewers but the system administrator (ADR 30).</summary>
    private static readonly string[] MapViewers = [.. OrgViewers.Where(r => r != R.SystemAdmin)];
    private static readonly string[] RegistryViewers = [R.GridWorker, R.Supervisor, R.Inspector, R.WindowClerk, R.Leader];
    private static readonly string[] TaskWorkers =
        [R.Resident, R.Volunteer, R.GridWorker, R.Inspector, R.Supervisor, R.Acceptor, R.ShiftLead, R.Dispatcher, R.DepartmentHandler, R.WindowClerk, R.Approver, R.Leader];
    private static readonly string[] ApplicationReaders = [R.Resident, R.WindowClerk, R.Approver, R.Leader];
    /// <summary>The case desk's staff: a resident opens the case they reported, not its process.</summary>
    private static readonly string[] CaseWorkers = [.. CaseDesk.Where(r => r != R.Resident)];

    private static Access Public => Access.Public;
    private static Access SignedIn => Access.SignedIn;
    private static Access Only(params string[] roles) => Access.Only(roles);

    public static readonly IReadOnlyDictionary<string, Access> Rows = new Dictionary<string, Access>
    {
        // Pages (Razor components answer GET and their forms' POST).
        // The public home for visitors, the own home for each signed-in role (issue 16).
        ["GET,POST /"] = Public,
        ["GET,POST /account/login"] = Public,
        ["GET,POST /account/register"] = Public,
        ["GET,POST /account/access-denied"] = Public,
        ["GET,POST /account/login/two-factor"] = Public,
        ["GET,POST /account/forgot"] = Public,
        // Development only: the codes the logging SMS sender "sent" (ADR 29).
        ["GET /dev/sms"] = Public,
        ["GET,POST /error"] = Public,
        ["GET,POST /not-found"] = Public,
        ["GET,POST /guide"] = Public,
        ["GET,POST /guide/{Code}"] = Public.At("/guide/{item}"),
        ["GET,POST /track/{Code}"] = Public.At("/track/{track}"),
        ["GET,POST /verify/{Code}"] = Public.At("/verify/{verify}"),
        ["GET,POST /my/applications"] = Only(R.Resident),
        // Issue 18: a resident applies and a volunteer reads their card and beans; the community's staff lists are scoped in the query (ADR 52).
        ["GET,POST /volunteer"] = Only(R.Resident, R.Volunteer),
        ["GET,POST /volunteer/points"] = Only(R.Resident, R.Volunteer),
        ["GET,POST /community/volunteers"] = Only(R.Approver, R.GridWorker, R.Leader),
        // Activities (ADR 56): a community's residents, volunteers and staff; an activity outside the asker's community is "not found".
        ["GET,POST /activities"] = Only(R.Resident, R.Volunteer, R.Approver, R.GridWorker, R.Leader),
        ["GET,POST /activities/{Id:long}"] = Only(R.Resident, R.Volunteer, R.Approver, R.GridWorker, R.Leader).Showing().At("/activities/0"),
        ["GET,POST /activities/new"] = Only(R.Approver, R.GridWorker),
        ["GET,POST /activities/{Id:long}/edit"] = Only(R.Approver, R.GridWorker).Showing().At("/activities/0/edit"),
        ["GET,POST /activities/{Id:long}/door"] = Only(R.Approver, R.GridWorker).Showing().At("/activities/0/door"),
        ["GET,POST /activities/{Id:long}/check-in"] = Only(R.Resident, R.Volunteer).Showing().At("/activities/0/check-in"),
        // Issue 18 parts 6 and 8 (ADR 57): a resident's own needs; the community's desk, needs and needs layer, scoped in the queries.
        ["GET,POST /needs"] = Only(R.Resident),
        ["GET,POST /community"] = Only(R.Approver, R.GridWorker, R.Leader),
        ["GET,POST /community/needs"] = Only(R.Approver, R.GridWorker, R.Leader),
        ["GET /api/community/needs/map"] = Only(R.Approver, R.GridWorker, R.Leader),
        // The 爱心超市 (ADR 54): a volunteer's own community's shelf; the keeper's desk works on the keeper's own community only.
        ["GET,POST /volunteer/supermarket"] = Only(R.Volunteer),
        ["GET,POST /supermarket"] = Only(R.SupermarketKeeper),
        // Issue 18 part 4: service orders — volunteers grab, residents and staff post, the community's staff follow (ADR 55).
        ["GET,POST /volunteer/orders"] = Only(R.Volunteer),
        // Building watchers (ADR 95): any volunteer opens the page; it lists only the buildings they hold a post on.
        ["GET,POST /volunteer/building"] = Only(R.Volunteer),
        ["GET,POST /orders"] = Only(R.Resident, R.GridWorker, R.Approver),
        ["GET,POST /community/orders"] = Only(R.Approver, R.GridWorker, R.Leader),
        // Party study (ADR 53): a material nobody may see is "not found" to members and organisers alike.
        ["GET,POST /party"] = Only(R.Resident),
        ["GET,POST /party/organize"] = Only(R.PartyOrganizer),
        ["GET,POST /party/materials/{Id:long}"] = Only(R.Resident, R.PartyOrganizer).Showing().At("/party/materials/0"),
        // 社区微吧 and 法律诊所 (ADR 89): a topic or question nobody may see is "not found"; the scope is cut in VoiceQueries and LawClinic.
        ["GET,POST /forum"] = Only(R.Resident, R.Volunteer, R.Approver, R.GridWorker),
        ["GET,POST /forum/{TopicId:long}"] = Only(R.Resident, R.Volunteer, R.Approver, R.GridWorker).Showing().At("/forum/0"),
        ["GET,POST /forum/review"] = Only(R.Approver, R.GridWorker),
        ["GET,POST /law"] = Only(R.Resident, R.Volunteer, R.Approver),
        ["GET,POST /law/{Id:long}"] = Only(R.Resident, R.Volunteer, R.Approver).Showing().At("/law/0"),
        ["GET,POST /law/answers"] = SignedIn,
        ["GET,POST /services/apply/{Code}"] = Only(R.Resident, R.WindowClerk).At("/services/apply/{item}"),
        // A clerk opens only the drafts they entered themselves; this one is the resident's own.
        ["GET,POST /services/drafts/{DraftId:long}"] = Only(R.Resident, R.WindowClerk).InScope().At("/services/drafts/{draft}").But(R.WindowClerk, Answer.NotFound),
        ["GET,POST /applications/{Number}"] = SignedIn.Showing(ApplicationReaders).InScope().At("/applications/{application}"),
        ["GET,POST /window"] = Only(R.WindowClerk),
        ["GET,POST /approvals"] = Only(R.Approver),
        ["GET,POST /services/statistics"] = Only(R.WindowClerk, R.Approver, R.Leader),
        ["GET,POST /cases"] = Only(CaseDesk),
        ["GET,POST /cases/report"] = Only(CaseReporters),
        ["GET,POST /cases/board"] = Only(R.Acceptor, R.ShiftLead, R.Dispatcher, R.Leader),
        ["GET,POST /cases/{Number}"] = Only(CaseDesk).InScope().At("/cases/{case}"),
        // A case's or an application's process is its history: it answers as the case or the application does (issue 15).
        ["GET,POST /processes/{Id:guid}"] = Only(TaskWorkers).Showing(CaseWorkers).InScope().At("/processes/{caseProcess}")
            .And(Only(TaskWorkers).Showing(R.WindowClerk, R.Approver, R.Leader).InScope().At("/processes/{applicationProcess}")),
        ["GET,POST /tasks"] = Only(TaskWorkers),
        ["GET,POST /appraisal"] = Only(R.Leader),
        ["GET,POST /appraisal/cases"] = Only(R.Leader),
        ["GET,POST /appraisal/orders"] = Only(R.Leader),
        ["GET,POST /appraisal/reports"] = Only(R.Leader),
        ["GET,POST /registry/people"] = Only(RegistryViewers),
        ["GET,POST /registry/entities"] = Only(RegistryViewers),
        ["GET,POST /registry/buildings"] = Only(RegistryViewers),
        ["GET,POST /registry/houses"] = Only(RegistryViewers),
        ["GET /registry/people/export.xlsx"] = Only(RegistryViewers),
        ["GET,POST /map"] = Only(MapViewers),
        ["GET,POST /patrol"] = Only(Patrollers),
        ["GET,POST /patrol/mine"] = Only(Patrollers),
        ["GET,POST /patrol/live"] = Only(R.Acceptor, R.ShiftLead, R.Dispatcher, R.Leader),
        ["GET,POST /rotation"] = Only(R.Leader, R.SystemAdmin),
        // Major incidents (ADR 75): the command center and the units called out; an incident nobody of the home street has is "not found".
        ["GET,POST /incidents"] = Only(R.Acceptor, R.ShiftLead, R.Dispatcher, R.Leader, R.DepartmentHandler),
        ["GET,POST /incidents/new"] = Only(R.Acceptor),
        ["GET,POST /incidents/{Number}"] = Only(R.Acceptor, R.ShiftLead, R.Dispatcher, R.Leader, R.DepartmentHandler).Showing().At("/incidents/ZD2026010100001"),
        // Cameras (ADR 72): the command center's wall; the registry is the system administrator's, as the org tree is.
        ["GET,POST /cameras"] = Only(R.Acceptor, R.ShiftLead, R.Dispatcher, R.Leader),
        ["GET,POST /admin/cameras"] = Only(R.SystemAdmin),
        // Key sites (ADR 88): the street's keepers and the command center read them; the guards check in on their own page.
        ["GET,POST /sites"] = Only(R.ShiftLead, R.Supervisor, R.Acceptor, R.Dispatcher, R.Leader),
        ["GET,POST /sites/mine"] = Only(R.SecurityPatroller, R.GridWorker, R.Volunteer),
        ["GET,POST /sites/{Id:int}"] = Only(R.ShiftLead, R.Supervisor, R.Acceptor, R.Dispatcher, R.Leader).Showing().At("/sites/0"),
        ["GET,POST /spotcheck"] = Only(R.SpotChecker),
        ["GET,POST /spotcheck/plans"] = Only(R.SpotChecker, R.Leader),
        ["GET,POST /spotcheck/summary"] = Only(R.SpotChecker, R.Leader),
        ["GET,POST /care"] = Only(CareReaders),
        ["GET,POST /care/visits/{Id:long}"] = Only(R.GridWorker, R.Supervisor).At("/care/visits/0"),
        ["GET,POST /care/enrol"] = Only(R.GridWorker, R.Supervisor),
        ["GET,POST /admin/care-kinds"] = Only(R.SystemAdmin),
        ["GET,POST /organization"] = Only(OrgViewers),
        ["GET,POST /grids/{Code}"] = Only(MapViewers).InScope().At("/grids/{grid}"),
        ["GET,POST /admin/departments"] = Only(R.SystemAdmin),
        ["GET,POST /admin/processes"] = Only(R.SystemAdmin),
        ["GET,POST /admin/calendar"] = Only(R.SystemAdmin),
        ["GET,POST /admin/case-categories"] = Only(R.SystemAdmin),
        ["GET,POST /admin/services"] = Only(R.SystemAdmin),
        ["GET,POST /admin/appraisal"] = Only(R.SystemAdmin),
        ["GET,POST /admin/points"] = Only(R.SystemAdmin),
        ["GET,POST /admin/users"] = Only(R.SecurityAdmin),
        ["GET,POST /admin/clients"] = Only(R.SecurityAdmin),
        ["GET,POST /admin/webhooks"] = Only(R.SecurityAdmin),
        ["GET,POST /admin/open311-upstream"] = Only(R.SystemAdmin),
        ["GET,POST /admin/audit"] = Only(R.AuditAdmin),
        ["GET /admin/audit/export.csv"] = Only(R.AuditAdmin),
        ["GET /admin/audit/export.xlsx"] = Only(R.AuditAdmin),
        ["GET,POST /admin/role-requests"] = Only(R.SystemAdmin, R.SecurityAdmin, R.AuditAdmin),

        // Account endpoints. Sign-out is a form post whose antiforgery token no other site has.
        ["POST /account/logout"] = Public,
        ["GET /account/keepalive"] = SignedIn,
        ["POST /account/password-check"] = Public,
        ["GET,POST /account/verify"] = SignedIn,
        ["GET,POST /account/password"] = SignedIn,
        ["GET,POST /account/two-factor"] = SignedIn,
        ["GET /api/antiforgery"] = SignedIn,
        ["GET,POST /account/sessions"] = SignedIn,
        ["GET,POST /window/activate"] = Only(R.WindowClerk),
        ["GET /culture/set"] = Public.At("/culture/set?culture=zh-CN&redirectUri=/"),
        ["GET /theme.css"] = Public,

        // The case API (a case outside the caller's sight is "not found"; an action with a stale version is 412, past the gates).
        ["GET /api/cases/"] = Only(CaseDesk),
        ["GET /api/cases/export"] = Only(CaseDesk),
        ["GET /api/cases/{number}"] = Only(CaseDesk).InScope().At("/api/cases/{case}"),
        ["GET /api/cases/nearby"] = Only(CaseDesk).At("/api/cases/nearby?categoryId={category}&lat={lat}&lng={lng}"),
        ["POST /api/cases/"] = Only(CaseReporters),
        ["POST /api/cases/{number}/actions/{trigger}"] = Only(CaseDesk).InScope().At("/api/cases/{case}/actions/Accept"),
        ["GET /api/cases/{number}/photos/{id:long}"] = Only(CaseDesk).InScope().At("/api/cases/{case}/photos/{photo}"),
        // The phone app's offline form: its categories and words, for those who may report (docs/decisions/0092-offline-phone-app.md).
        ["GET /api/pwa/form"] = Only(CaseReporters),
        // The token endpoint (ADR 82): anyone may ask; OpenIddict refuses a request without a client's credentials (400).
        ["POST /connect/token"] = Public,
        // The phone app's sign-in (ADR 91): OpenIddict answers a request without a client 400 before any sign-in is asked.
        ["GET,POST /connect/authorize"] = Public,
        ["GET,POST /app"] = Public,
        ["GET,POST /app/signed-in"] = Public,
        // The phone app's sign-out (ADR 97): anyone may end their own session; it goes back to /app.
        ["POST /connect/logout"] = Public,
        // Open311 (ADR 83): the services are public; requests need a partner client's api_key, which no cookie replaces (403 for everyone without one).
        ["GET /open311/v2/services"] = Public,
        ["GET /open311/v2/services.{format}"] = Public.At("/open311/v2/services.xml"),
        ["GET /open311/v2/services/{code}"] = Public.At("/open311/v2/services/14-01.json"),
        ["GET /open311/v2/requests"] = Access.Everyone(Answer.Denied),
        ["GET /open311/v2/requests.{format}"] = Access.Everyone(Answer.Denied).At("/open311/v2/requests.json"),
        ["POST /open311/v2/requests"] = Access.Everyone(Answer.Denied),
        ["POST /open311/v2/requests.{format}"] = Access.Everyone(Answer.Denied).At("/open311/v2/requests.json"),
        ["GET /open311/v2/media/{token}"] = Access.Everyone(Answer.NotFound).At("/open311/v2/media/not-ours.jpg"),
        ["GET /open311/v2/requests/{id}"] = Access.Everyone(Answer.Denied).At("/open311/v2/requests/AJ2026010100001.json"),

        // Map and org tree.
        ["GET /api/map/outline"] = SignedIn,
        ["POST /api/patrol/shifts/{id:long}/fixes"] = Only(Patrollers).At("/api/patrol/shifts/0/fixes"),
        ["GET /api/care/plans"] = Only(CareReaders),
        ["GET /api/care/plans.csv"] = Only(CareReaders),
        ["GET /api/map/cases"] = Only(MapViewers),
        ["GET /api/map/cameras"] = Only(R.Acceptor, R.ShiftLead, R.Dispatcher, R.Leader),
        ["GET /api/map/sites"] = Only(R.ShiftLead, R.Supervisor, R.Acceptor, R.Dispatcher, R.Leader),
        ["GET /api/map/orders"] = Only(MapViewers),
        ["GET /api/map/activities"] = Only(MapViewers),
        ["GET /api/map/regions/{kind}"] = Only(MapViewers).At("/api/map/regions/grid"),
        ["GET /api/map/buildings"] = Only(MapViewers),
        ["GET /api/map/places"] = Only([.. CaseReporters.Union(RegistryViewers)]),
        ["GET /api/map/position-check"] = Only([.. CaseReporters.Union(RegistryViewers)]).At("/api/map/position-check?lat=25.04&lng=102.72"),
        ["GET /api/org/units"] = Only(OrgViewers),
        ["GET /api/org/units/{id:int}"] = Only(OrgViewers).InScope().At("/api/org/units/{unit}"),

        // Downloads.
        ["GET /applications/{number}/materials/{id:long}"] = SignedIn.Showing(ApplicationReaders).InScope().At("/applications/{application}/materials/{material}"),
        ["GET /applications/{number}/documents/{id:long}.pdf"] = SignedIn.Showing(ApplicationReaders).InScope().At("/applications/{application}/documents/{document}.pdf"),
        ["GET /appraisal/cases/export"] = Only(R.Leader).InScope().At("/appraisal/cases/export?period=2026&scope=530103001"),
        ["GET /api/services/statistics/export"] = Only(R.WindowClerk, R.Approver, R.Leader),
        ["GET /api/party/materials/{id:long}/pdf"] = Only(R.Resident, R.PartyOrganizer).Showing().At("/api/party/materials/0/pdf"),
        ["GET /api/orders/{id:long}/photo"] = SignedIn.Showing().At("/api/orders/0/photo"),
        ["GET /api/party/progress/export"] = Only(R.PartyOrganizer),
        ["GET /api/supermarket/goods/{id:long}/photo"] = Only(R.Volunteer, R.SupermarketKeeper).Showing().At("/api/supermarket/goods/0/photo"),
        ["GET /api/forum/posts/{id:long}/photos/{index:int}"] = Only(R.Resident, R.Volunteer, R.Approver, R.GridWorker).Showing().At("/api/forum/posts/0/photos/0"),
        ["GET /api/supermarket/statement.pdf"] = Only(R.SupermarketKeeper).At("/api/supermarket/statement.pdf?year=2026&month=12"),
        ["GET /api/supermarket/statement.xlsx"] = Only(R.SupermarketKeeper).At("/api/supermarket/statement.xlsx?year=2026&month=12"),
        ["GET /api/incidents/{number}/report.pdf"] = Only(R.Acceptor, R.ShiftLead, R.Dispatcher, R.Leader, R.DepartmentHandler).Showing().At("/api/incidents/ZD2026010100001/report.pdf"),
        ["GET /appraisal/reports/{id:long}/report.pdf"] = Only(R.Leader).InScope().At("/appraisal/reports/{report}/report.pdf"),
        ["GET /appraisal/reports/{id:long}/report.xlsx"] = Only(R.Leader).InScope().At("/appraisal/reports/{report}/report.xlsx"),

        // Infrastructure. The API description is public in Development only (the matrix runs there); elsewhere it asks for sign-in.
        ["GET /openapi/{documentName}.json"] = Public.At("/openapi/v1.json"),
        // The API reference page (Scalar, ADR 94) for staff everywhere; its scripts and icon are the package's own, public and data-free.
        ["GET /api/reference/{documentName?}"] = Only([.. R.Staff]).At("/api/reference/"),
        ["GET /api/reference/scalar.js"] = Public,
        ["GET /api/reference/scalar.aspnetcore.js"] = Public,
        ["GET /api/reference/favicon.svg"] = Public,
        ["* /health/live"] = Public,
        ["* /health/ready"] = Public,
        ["* /_blazor"] = Public,
        ["* /_blazor/negotiate"] = Public,
        ["* /_blazor/initializers/"] = Public,
        // Blazor's own: they answer only to their own data (a circuit's id, a protected URL), with a plain 404 for anyone else.
        ["* /_blazor/disconnect/"] = Access.Everyone(Answer.NotFound),
        ["GET /_framework/opaque-redirect"] = Access.Everyone(Answer.NotFound),
        // Development's fallback serves files of wwwroot missing from the build manifest: a missing one is a plain 404 for anyone.
        ["GET,HEAD {**path:file}"] = Access.Everyone(Answer.NotFound).At("/matrix-probe.txt"),
        // Metrics answer a scraper's token or network, never a role: every signed-in user is asked for the token (docs/operations.md).
        ["* /metrics"] = Access.Everyone(Answer.SignIn),
        ["GET,POST /admin/operations"] = Only(R.SystemAdmin),
    };
}
