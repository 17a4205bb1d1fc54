using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.Audit;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Registry;

/// <summary>
/// Who applies: a person by ID number, or a legal entity by credit code. <paramref name="Proven"/> is false for an account
/// whose holder has not proved the number yet (docs/decisions/0029-registration-second-factor.md): the registry is not asked.
/// </summary>
public sealed record ApplicantIdentity(ApplicantKind Kind, string Name, string? IdNumber, string? CreditCode, bool Proven = true);

/// <summary>
/// What the registry knows about an applicant: facts by name (see <see cref="MaterialSpec.RegistryFact"/>), each with the
/// value shown to staff, plus the plain values that pre-fill the applicant's own form, and the community they live in.
/// </summary>
public sealed record RegistryLookup(IReadOnlyDictionary<string, VerifiedFact> Facts, IReadOnlyDictionary<string, string> Prefill, string? CommunityCode)
{
    public static readonly RegistryLookup Empty = new(new Dictionary<string, VerifiedFact>(), new Dictionary<string, string>(), null);
}

/// <summary>
/// 信息多跑路: looks the applicant up in the population and legal-entity registries so that a form is pre-filled and the
/// approver sees which facts the registry confirmed (no proof uploaded for them). Every look-up is audited.
/// </summary>
public sealed class RegistryFacts(IDbContextFactory<PanlongDbContext> dbFactory, PersonalDataProtector protector, AuditLog audit)
{
    public const string PersonName = "person.name";
    public const string PersonIdNumber = "person.idNumber";
    public const string PersonResidence = "person.residence";
    public const string PersonDisabled = "person.disabled";
    public const string PersonLowIncome = "person.lowIncome";
    public const string EntityRegistration = "entity.registration";
    public const string EntityName = "entity.name";
    public const string EntityCreditCode = "entity.creditCode";

    public const string Population = "人口库";
    public const string Entities = "法人库";

    /// <param name="purpose">Written to the audit entry, e.g. "预填 QR-00001" or the application number.</param>
    public async Task<RegistryLookup> LookUpAsync(ApplicantIdentity who, WorkflowActor actor, string purpose, CancellationToken ct = default)
    {
        if (!who.Proven)
        {
            return RegistryLookup.Empty;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = new Dictionary<string, VerifiedFact>();
        var prefill = new Dictionary<string, string>();
        string? community = null;
        string target;
        var mismatch = false;
        if (who.Kind == ApplicantKind.Person)
        {
            var id = ResidentIdNumber.Normalize(who.IdNumber);
            target = PersonalDataMask.IdNumber(id);
            var hash = id.Length == 0 ? null : protector.Hash(id);
            var person = hash is null ? null : await db.People.AsNoTracking().Include(p => p.House).ThenInclude(h => h!.Building)
                .FirstOrDefaultAsync(p => p.IdHash == hash, ct);
            // A number alone does not open a record: the name must be the registry's too.
            mismatch = person is not null && person.Name != who.Name.Trim();
            if (mismatch)
            {
                person = null;
            }
            if (person is not null)
            {
                facts[PersonName] = new(PersonName, "姓名", person.Name, Population);
                facts[PersonIdNumber] = new(PersonIdNumber, "公民身份号码", person.IdMasked, Population);
                prefill[PersonName] = person.Name;
                prefill[PersonIdNumber] = id;
                var path = OrgPath.Parse(person.ScopePath);
                community = path.CodeAt(OrgLevel.Community);
                var names = await db.UnitNamesAsync(path.Codes, ct);
                var residence = Residence(path.Codes.Take(3).Select(c => names.GetValueOrDefault(c, "")).ToList(), person.House);
                facts[PersonResidence] = new(PersonResidence, person.Household == HouseholdType.Registered ? "户籍及居住地" : "居住地（流动人口）", residence, Population);
                prefill[PersonResidence] = residence;
                if (person.Groups.HasFlag(SpecialGroups.Disabled))
                {
                    facts[PersonDisabled] = new(PersonDisabled, "残疾人", "人口库登记为残疾人", Population);
                }
                if (person.Groups.HasFlag(SpecialGroups.LowIncome))
                {
                    facts[PersonLowIncome] = new(PersonLowIncome, "低保对象", "人口库登记为低保对象", Population);
                }
            }
        }
        else
        {
            var code = SocialCreditCode.Normalize(who.CreditCode);
            target = code;
            var entity = code.Length == 0 ? null : await db.LegalEntities.AsNoTracking().FirstOrDefaultAsync(e => e.CreditCode == code, ct);
            mismatch = entity is not null && entity.Name != who.Name.Trim();
            if (mismatch)
            {
                entity = null;
            }
            if (entity is not null)
            {
                facts[EntityRegistration] = new(EntityRegistration, "主体登记", $"{entity.Name}（{entity.EntityType}）", Entities);
                facts[EntityName] = new(EntityName, "名称", entity.Name, Entities);
                facts[EntityCreditCode] = new(EntityCreditCode, "统一社会信用代码", entity.CreditCode, Entities);
                prefill[EntityName] = entity.Name;
                prefill[EntityCreditCode] = entity.CreditCode;
                community = OrgPath.Parse(entity.ScopePath).CodeAt(OrgLevel.Community);
            }
        }
        db.AuditEntries.Add(audit.Create("Registry.Lookup", actor.UserId, actor.Name, target,
            $"{purpose}：{(mismatch ? "姓名与登记不符，未采用" : facts.Count == 0 ? "未找到登记" : string.Join("、", facts.Values.Select(f => f.Label)))}"));
        await db.SaveChangesAsync(ct);
        return new RegistryLookup(facts, prefill, community);
    }

    /// <summary>"盘龙区拓东街道东庄社区东风东路 11 号 1单元101室": region names, then the building's address (which may already
    /// name the community) and the room.</summary>
    private static string Residence(List<string> region, House? house)
    {
        if (house?.Building is not { } building)
        {
            return string.Concat(region);
        }
        var community = region.Count > 2 ? region[2] : "";
        var prefix = community.Length > 0 && building.Address.StartsWith(community, StringComparison.Ordinal) ? string.Concat(region.Take(2)) : string.Concat(region);
        var room = house.Room.EndsWith('室') ? house.Room : house.Room + "室";
        return $"{prefix}{building.Address} {house.Unit}{room}";
    }
}
