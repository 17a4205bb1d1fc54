using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Panlong.Portal.Tests;

/// <summary>What the portal publishes about itself depends on the environment (issue 15).</summary>
[Collection(nameof(PortalCollection))]
public class PortalSetupTests(PortalFactory portal)
{
    [Fact]
    public async Task OpenApi_InDevelopment_IsOpen()
    {
        var response = await portal.Anonymous().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_InProduction_NeedsSignIn()
    {
        await using var factory = new PortalFactory();
        await using var production = factory.WithWebHostBuilder(b => PortalFactory.Production(b));
        var anonymous = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = PortalFactory.PublicUrl });

        var response = await anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataProtectionKeys_WithACertificate_AreEncryptedAtRest_AndStillRead()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"panlong-keys-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            using var rsa = RSA.Create(2048);
            using var certificate = new CertificateRequest("CN=Panlong Data Protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            var pfx = Path.Combine(folder, "keys.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "Test#Pass1"));
            var keys = Path.Combine(folder, "keys");

            async Task SignInAsync()
            {
                await using var factory = new PortalFactory();
                await using var node = factory.WithWebHostBuilder(b => b
                    .UseSetting("DataProtection:KeysPath", keys)
                    .UseSetting("DataProtection:CertificateFile", pfx)
                    .UseSetting("DataProtection:CertificatePassword", "Test#Pass1"));
                var client = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostLoginAsync(client, "clerk.dongzhuang", Panlong.Workflows.Demo.DemoAccounts.Password)).StatusCode);
            }

            await SignInAsync(); // makes the key
            await SignInAsync(); // a restarted node reads it back

            var key = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(keys, "key-*.xml")));
            Assert.Contains("EncryptedXmlDecryptor", key, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
