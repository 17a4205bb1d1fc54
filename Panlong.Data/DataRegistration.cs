using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Panlong.Data.Audit;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Data.Seeding;

namespace Panlong.Data;

public static class DataRegistration
{
    /// <summary>The database chosen by <c>Database:Provider</c>, the audit log and the initializer.</summary>
    public static IHostApplicationBuilder AddPanlongData(this IHostApplicationBuilder builder)
    {
        var settings = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddPanlongDbContext(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton(AuditRetention.From(builder.Configuration, builder.Environment.ContentRootPath));
        builder.Services.AddSingleton<AuditVerifier>();
        builder.Services.AddSingleton<AuditArchive>();
        builder.Services.AddSingleton<DatabaseInitializer>();
        builder.Services.AddSingleton(PersonalDataProtector.FromConfiguration(builder.Configuration, builder.Environment));
        builder.Services.AddSingleton(new Backup.PostgresTools(builder.Configuration["Backup:PostgresBin"]));
        builder.Services.AddSingleton<Backup.DatabaseBackup>();
        return builder;
    }
}
