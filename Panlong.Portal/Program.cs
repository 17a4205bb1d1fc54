using Panlong.Data;
using Panlong.Data.Providers;
using Panlong.Portal;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Open311;
using Panlong.Portal.Features.Tokens;
using Panlong.Workflows;
using Panlong.Workflows.Demo;

try
{
    var builder = WebApplication.CreateBuilder(PortalSetup.Options(args));
    builder.AddPanlongData();
    builder.AddPanlongWorkflows();
    builder.Services.AddDemo();
    builder.AddPanlongIdentity();
    builder.AddPortal();
    builder.AddTokenServer();
    builder.AddOpen311();

    var app = builder.Build();
    if (PortalCommands.IsCommand(args))
    {
        return await PortalCommands.RunAsync(app, args);
    }
    await app.PrepareDatabaseAsync();
    app.UsePortal();
    await app.RunAsync();
    return 0;
}
catch (StartupConfigurationException ex)
{
    // A configuration or connection problem: one sentence, no stack trace.
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

public partial class Program;
