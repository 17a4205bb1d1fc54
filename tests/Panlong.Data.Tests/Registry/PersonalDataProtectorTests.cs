using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Panlong.Data.Registry;

namespace Panlong.Data.Tests.Registry;

public class PersonalDataProtectorTests
{
    [Fact]
    public async Task KeyFile_SeveralNodesStartingAtOnceOnAFreshFolder_AllGetTheSameKey()
    {
        // Two portal nodes started together on a fresh checkout share the content root's key file: the
        // one that reads while the other is still writing must not see an empty file (docs/operations.md).
        var root = Path.Combine(Path.GetTempPath(), $"panlong-privacy-{Guid.NewGuid():N}");
        try
        {
            var configuration = new ConfigurationBuilder().Build();
            var environment = new Environment(root);
            for (var round = 0; round < 50; round++)
            {
                Directory.CreateDirectory(root);
                using var together = new Barrier(4);
                var starts = Enumerable.Range(0, 4)
                    .Select(_ => Task.Factory.StartNew(() =>
                    {
                        together.SignalAndWait();
                        return PersonalDataProtector.FromConfiguration(configuration, environment);
                    }, TaskCreationOptions.LongRunning))
                    .ToArray();
                var protectors = await Task.WhenAll(starts);

                var sealedText = protectors[0].Encrypt("13812341234");
                Assert.All(protectors, p => Assert.Equal("13812341234", p.Decrypt(sealedText)));
                Directory.Delete(root, recursive: true);
            }
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private sealed class Environment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "Panlong.Portal";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
