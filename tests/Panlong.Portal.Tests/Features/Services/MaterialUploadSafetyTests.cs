using Microsoft.Extensions.DependencyInjection;
using Panlong.Portal.Features.Services;
using Panlong.Portal.Features.Shell;
using Panlong.Testing;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>A material is staged until the application that holds it is saved; a refused one leaves no file (docs/decisions/0023-upload-safety.md).</summary>
[Collection(nameof(PortalCollection))]
public class MaterialUploadSafetyTests(PortalFactory portal)
{
    private MaterialStore Store => portal.Services.GetRequiredService<MaterialStore>();

    private HashSet<string> Files() => Directory.Exists(Store.Folder.Root)
        ? Directory.EnumerateFiles(Store.Folder.Root, "*", SearchOption.AllDirectories).ToHashSet() : [];

    [Fact]
    public async Task Material_OfARefusedApplication_LeavesNoFile_AndOfASavedOneIsInPlace()
    {
        var before = Files();
        await using var pdf = new MemoryStream(TestPdfs.Minimal("premises"));
        var material = (await Store.SaveAsync(pdf, "premises.pdf", "经营场所使用证明")).Material!;
        Assert.Null(Store.Open(material.StoredPath));
        var refused = await portal.Services.GetRequiredService<ApplicationService>().SubmitAsync(
            new ApplicationInput("XK-00201", new Dictionary<string, string?>(), "530103001", Guid.NewGuid().ToString("N"), Materials: [material]),
            WorkflowActor.From(await portal.PrincipalAsync("resident")));
        Assert.False(refused.Ok);
        Store.Discard([material]);
        Assert.Equal(before, Files());

        await new ServiceApplicationPortalTests(portal).SubmitAsync();

        var placed = Assert.Single(Files().Except(before));
        Assert.DoesNotContain(UploadFolder.StagingFolder, placed, StringComparison.Ordinal);
    }
}
