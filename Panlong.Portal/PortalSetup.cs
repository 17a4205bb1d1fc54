using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Panlong.Data;
using Panlong.Data.Providers;
using Panlong.Portal.Components;
using Panlong.Portal.Components.Layout;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Home;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Identity.Passwords;
using Panlong.Portal.Features.Identity.TwoFactor;
using Panlong.Portal.Features.Organization;
using Panlong.Portal.Features.Audit;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Notifications;
using Panlong.Portal.Features.Maps;
using Panlong.Portal.Features.Registry;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Features.Tokens;
using Panlong.Portal.Features.Workflows;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal;

public static class PortalSetup
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>
    /// The portal's folder (appsettings.json, wwwroot, and data/ for relative paths) is the working directory when it
    /// holds appsettings.json — the project under `dotnet run`, the publish folder — and otherwise the folder of
    /// Panlong.Portal.dll, so systemd can start it from anywhere (docs/operations.md). An explicit content root wins.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var explicitRoot = new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").AddEnvironmentVariables("DOTNET_")
            .AddCommandLine(args).Build()[HostDefaults.ContentRootKey];
        var here = Directory.GetCurrentDirectory();
        var root = explicitRoot is not null || File.Exists(Path.Combine(here, "appsettings.json")) ? null : AppContext.BaseDirectory;
        return new WebApplicationOptions { Args = args, ContentRootPath = root };
    }

    public static IHostApplicationBuilder AddPortal(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Cookies and antiforgery tokens must survive restarts and be readable by every node: keys live in the database
        // (or, for SQLite's single node, a folder) — docs/decisions/0046-two-nodes.md.
        var keys = new DirectoryInfo(SettingPaths.Keys(builder.Configuration, builder.Environment.ContentRootPath));
        var dataProtection = services.AddDataProtection().SetApplicationName("Panlong");
        if (SharedKeyRing.InDatabase(builder.Configuration, DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath).Provider))
        {
            services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider, ILoggerFactory>((o, sp, loggers) => o.XmlRepository = new SharedKeyRing(sp, loggers, keys));
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(keys);
        }
        ProtectKeys(dataProtection, builder);
        services.AddMudServices();
        services.AddApiAntiforgery();
        builder.AddRateLimits();
        services.AddLocalization();
        builder.AddBehindProxy();
        services.AddHttpContextAccessor();
        services.AddApiDocument();
        services.AddSingleton<Features.Documents.PdfFonts>();
        services.AddSingleton<Features.Services.ServiceDocumentRenderer>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<Features.Documents.PdfFontHealthCheck>("pdf-font", tags: ["ready"]);
        // Chinese text stays readable (and smaller) in the HTML instead of &#x…; escapes.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        // Queries hold no state: each call opens its own context from the factory.
        services.AddSingleton<HomeQueries>();
        services.AddSingleton<OrgQueries>();
        services.AddSingleton<RotationQueries>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<AuditExport>();
        services.AddSingleton<Features.Documents.ExportProgress>();
        services.AddSingleton<ProcessQueries>();
        services.AddSingleton<ProcessNames>();
        services.AddSingleton<PeopleQueries>();
        services.AddSingleton<PeopleWorkbook>();
        services.AddSingleton<ChangeLogQueries>();
        services.AddSingleton<PlaceQueries>();
        services.AddSingleton<MapQueries>();
        services.AddSingleton<ReportPlaces>();
        services.AddSingleton<GridQueries>();
        builder.AddLiveUpdates();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<Panlong.Workflows.Engine.Runtime.IChangeSignal, PortalChangeSignal>();
        services.AddSingleton<NotificationQueries>();
        services.AddSingleton<ImageDecoder>();
        services.AddSingleton<CasePhotoStore>();
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<Features.Services.ServiceCatalog>();
        services.AddSingleton<Features.Services.MaterialStore>();
        // Uploads appear with their rows and nowhere else (docs/decisions/0023-upload-safety.md).
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, UploadPlacement>();
        services.AddSingleton<OrphanSweep>();
        services.AddPeriodicJob<OrphanSweepJob>();
        Features.Operations.OperationsSetup.AddOperations(services);
        Features.Webhooks.WebhookSetup.AddWebhooks(services);
        Features.Open311Client.Open311ClientSetup.AddOpen311Forwarding(services);
        services.AddSingleton<Features.Services.ApplicationQueries>();
        services.AddSingleton<Features.Community.VolunteerQueries>();
        services.AddSingleton<Features.Community.Activities.ActivityQueries>();
        services.AddSingleton<Features.Community.NeedQueries>();
        services.AddSingleton<Features.Community.CommunityDeskQueries>();
        services.AddSingleton<Features.Community.SupermarketQueries>();
        services.AddSingleton<Features.Community.SupermarketStatementRenderer>();
        Features.Community.ServiceOrderEndpoints.AddServiceOrderPages(services);
        Features.Voice.VoicePages.AddVoicePages(services);
        Features.Patrol.PatrolApi.AddPatrolPages(services);
        Features.Incidents.IncidentApi.AddIncidentPages(services);
        Features.Cameras.CameraApi.AddCameraPages(services);
        Features.KeySites.KeySiteApi.AddKeySitePages(services);
        services.AddSingleton<Features.Services.ServiceStatistics>();
        services.AddSingleton<Features.PartyStudy.PartyStudyQueries>();
        services.AddSingleton<Features.Appraisal.AppraisalPdfRenderer>();
        services.AddSingleton<Features.Appraisal.AppraisalWorkbookRenderer>();
        services.AddSingleton<Features.Appraisal.AppraisalReports>();
        services.AddSingleton<Features.Appraisal.AppraisalQueries>();
        services.AddHostedService<Features.Appraisal.AppraisalReportWorker>();
        Features.Operations.PortalTelemetry.AddTelemetry(builder);
        return builder;
    }

    private const string CertificateFileKey = "DataProtection:CertificateFile";
    private const string CertificatePasswordKey = "DataProtection:CertificatePassword";

    /// <summary>
    /// With <c>DataProtection:CertificateFile</c> (a PKCS#12 file with its private key) the key ring is encrypted at rest,
    /// so a copy of the keys folder alone cannot forge sign-in cookies (issue 15). Without it the keys stay plain as
    /// before and only the folder's permissions protect them (docs/operations.md). Keys written before the setting stay plain.
    /// </summary>
    private static void ProtectKeys(IDataProtectionBuilder dataProtection, IHostApplicationBuilder builder)
    {
        var file = builder.Configuration[CertificateFileKey];
        if (string.IsNullOrWhiteSpace(file))
        {
            return;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, file)),
                builder.Configuration[CertificatePasswordKey]);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartupConfigurationException($"配置项 {CertificateFileKey} 指向的证书“{file}”无法读取，请检查文件和 {CertificatePasswordKey}。 " +
                $"({CertificateFileKey} '{file}' cannot be read: check the file and {CertificatePasswordKey}.)", ex);
        }
        if (!certificate.HasPrivateKey)
        {
            throw new StartupConfigurationException($"配置项 {CertificateFileKey} 指向的证书“{file}”不含私钥。 ({CertificateFileKey} '{file}' holds no private key.)");
        }
        // Linux has no certificate store the decryptor could search, so the same certificate is named for reading.
        dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        // Forwarded headers first: the error page, the audit log and the cookies all see the client as the proxy saw it.
        app.UseBehindProxy();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseSecurityHeaders();
        // The platform's instruments and the scrape endpoint, which answers a machine: its refusals skip the status pages (docs/operations.md).
        Features.Operations.PortalTelemetry.UseTelemetry(app);
        // Inside the error page so that an outage answers 503 in every environment, not the developer page or "出错了".
        app.UseOutagePages();
        // Friendly pages for people; APIs keep their own status codes and problem bodies (a re-executed POST would hit a page).
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            b => b.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // zh-CN unless the user picked another language: the browser's language does not decide.
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        app.UseAuthentication();
        // A bearer token of a disabled or locked-out account stops at once (docs/decisions/0103-token-account-check.md).
        app.UseTokenAccounts();
        // After an administrator's reset, nothing but the change-password page (issue 15).
        app.UsePasswordChangeGate();
        app.UseAuthorization();
        // A bearer token reaches only the APIs opened to its scope (docs/decisions/0082-token-server.md).
        app.UseTokenScopes();
        // After authentication: case limits are per signed-in user (docs/decisions/0027-rate-limits.md).
        app.UseRateLimiter();
        app.UseApiAntiforgery();
        app.UseTwoFactorMandate();
        app.UseAntiforgery();

        app.MapStaticAssets();
        // The API description names every endpoint and parameter: open in Development, for staff elsewhere, as is its reference page (ADR 94).
        app.MapApiDocument();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync });
        app.MapAccountEndpoints();
        app.MapThemeStylesheet();
        app.MapDevSms();
        app.MapApiAntiforgery();
        app.MapOrgApi();
        app.MapMapApi();
        app.MapCasesApi();
        app.MapTokenServer();
        Features.Open311.Open311Api.MapOpen311(app);
        Features.Community.ServiceOrderEndpoints.MapServiceOrderApi(app);
        Features.Patrol.PatrolApi.MapPatrolApi(app);
        Features.Incidents.IncidentApi.MapIncidentApi(app);
        Features.Cameras.CameraApi.MapCameraApi(app);
        Features.KeySites.KeySiteApi.MapKeySiteApi(app);
        Features.Care.CareApi.MapCareApi(app);
        Features.Services.ServiceStatisticsExport.MapServiceStatisticsExport(app);
        Features.Services.ApplicationFiles.MapApplicationFiles(app);
        Features.PartyStudy.PartyStudyApi.MapPartyStudy(app);
        Features.Community.NeedApi.MapNeeds(app);
        Features.Community.SupermarketApi.MapSupermarket(app);
        Features.Appraisal.AppraisalReports.MapAppraisalFiles(app);
        Features.Appraisal.AppraisalDrillExport.MapAppraisalDrillExport(app);
        Features.Registry.PeopleExport.MapPeopleExport(app);
        AuditExport.MapAuditFiles(app);
        Features.Pwa.OfflineFormApi.MapOfflineForm(app);
        Features.Voice.ForumPhotoApi.MapForumPhotoApi(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            // Each dependency by name, so an operator sees which one fails (docs/decisions/0019-database-outages.md).
            failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                error = e.Value.Exception?.GetBaseException().Message,
            }),
        }));
    }
}
