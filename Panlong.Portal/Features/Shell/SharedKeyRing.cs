using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Panlong.Data;
using Panlong.Data.Providers;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// The Data Protection key ring (sign-in cookies, antiforgery tokens) in the database every node reads, so a cookie one
/// node issued is accepted by the other (docs/decisions/0046-two-nodes.md). The first time the table is empty, the keys
/// of the folder the portal used before are copied in, so an upgrade signs nobody out. With a certificate configured the
/// rows hold encrypted keys, exactly as the files did (<see cref="PortalSetup"/>).
/// </summary>
public sealed class SharedKeyRing(IServiceProvider services, ILoggerFactory loggers, DirectoryInfo folder) : IXmlRepository
{
    public const string StoreKey = "DataProtection:Store";

    private readonly EntityFrameworkCoreXmlRepository<PanlongDbContext> _database = new(services, loggers);
    private readonly Lock _importing = new();

    /// <summary>
    /// Database unless <c>DataProtection:Store</c> says <c>Files</c>; SQLite (one node by nature) keeps the folder unless it
    /// says <c>Database</c>.
    /// </summary>
    public static bool InDatabase(IConfiguration configuration, DatabaseProvider provider) =>
        configuration[StoreKey]?.Trim().ToLowerInvariant() switch
        {
            "database" => true,
            "files" => false,
            null or "" => provider != DatabaseProvider.Sqlite,
            var other => throw new StartupConfigurationException(
                $"配置项 {StoreKey} 的值“{other}”无效，可选值为 Database、Files。 (Setting {StoreKey} = '{other}' is not valid; use Database or Files.)"),
        };

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var keys = _database.GetAllElements();
        if (keys.Count > 0 || !folder.Exists)
        {
            return keys;
        }
        lock (_importing)
        {
            keys = _database.GetAllElements();
            if (keys.Count > 0)
            {
                return keys;
            }
            foreach (var file in folder.EnumerateFiles("key-*.xml"))
            {
                _database.StoreElement(XElement.Load(file.FullName), Path.GetFileNameWithoutExtension(file.Name));
            }
            return _database.GetAllElements();
        }
    }

    public void StoreElement(XElement element, string friendlyName) => _database.StoreElement(element, friendlyName);
}
