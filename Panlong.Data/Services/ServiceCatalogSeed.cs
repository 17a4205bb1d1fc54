using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Panlong.Data.Services;

/// <summary>
/// Service items shipped with the product: realistic items of the district's departments at every level, two of them
/// approved by two departments in parallel. Inserted as version 1 when the code has no version yet.
/// </summary>
public static class ServiceCatalogSeed
{
    /// <summary>The publisher recorded on what ships with the portal; pages show it as the first version, never as this word (issue 16).</summary>
    public const string ShippedBy = "seed";

    private const string CivilAffairs = "530103-BM06";
    private const string Market = "530103-BM02";
    private const string Enforcement = "530103-BM01";
    private const string Housing = "530103-BM04";
    private const string Police = "530103-BM05";
    private const string Health = "530103-BM07";
    private const string Sanitation = "530103-BM10";
    private const string Labour = "530103-BM13";

    private static readonly FieldSpec Name = new("name", "申请人姓名", FieldType.Text, RegistryFact: "person.name");
    private static readonly FieldSpec IdNumber = new("idNumber", "公民身份号码", FieldType.IdNumber, RegistryFact: "person.idNumber");
    private static readonly FieldSpec Phone = new("phone", "联系电话", FieldType.Phone);
    private static readonly FieldSpec Address = new("address", "居住地址", FieldType.Text, RegistryFact: "person.residence");
    private static readonly MaterialSpec IdCard = new("居民身份证", true, MaterialForm.Original, "person.idNumber");
    private static readonly MaterialSpec Residence = new("户口簿或居住证明", true, MaterialForm.Copy, "person.residence");

    private sealed record Item(string Code, string Name, ServiceKind Kind, ServiceLevel Level, string Department, int Legal, int Promised,
        string Audience, string Basis, string Conditions, MaterialSpec[] Materials, FieldSpec[] Fields, string? Countersign = null, decimal Fee = 0, string? FeeNote = null);

    private static readonly Item[] Items =
    [
        new("QR-00001", "居住证明出具", ServiceKind.Confirmation, ServiceLevel.Community, CivilAffairs, 5, 1, "自然人",
            "《云南省居住证实施办法》", "在本社区实际居住的居民。", [IdCard], [Name, IdNumber, Phone, Address, new("purpose", "证明用途", FieldType.Select, Options: ["入学", "就业", "社保", "其他"])]),
        new("JF-00101", "最低生活保障申请", ServiceKind.Benefit, ServiceLevel.Street, CivilAffairs, 30, 20, "自然人",
            "《社会救助暂行办法》第九条至第十三条；《云南省最低生活保障办法》", "共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产符合规定。",
            [IdCard, Residence, new("家庭收入和财产申报表", true, MaterialForm.Original), new("家庭经济状况核对授权书", true, MaterialForm.Original)],
            [Name, IdNumber, Phone, Address, new("members", "共同生活家庭成员人数", FieldType.Number), new("income", "家庭月收入（元）", FieldType.Number)]),
        new("JF-00102", "临时救助", ServiceKind.Benefit, ServiceLevel.Street, CivilAffairs, 15, 10, "自然人",
            "《社会救助暂行办法》第四十七条", "因火灾、交通事故等意外事件或家庭成员突发重大疾病等，导致基本生活暂时出现严重困难的家庭或个人。",
            [IdCard, new("困难情况说明及相关证明", true, MaterialForm.Copy)], [Name, IdNumber, Phone, new("reason", "困难原因", FieldType.Text)]),
        new("JF-00103", "高龄津贴申领", ServiceKind.Benefit, ServiceLevel.Community, CivilAffairs, 20, 15, "自然人",
            "《云南省老年人权益保障条例》", "具有本区户籍、年满80周岁的老年人。", [IdCard, Residence, new("本人银行账户", true, MaterialForm.Copy)],
            [Name, IdNumber, Phone, new("bankAccount", "银行账号", FieldType.Text, Personal: true)]),
        new("JF-00104", "残疾人两项补贴（困难残疾人生活补贴和重度残疾人护理补贴）", ServiceKind.Benefit, ServiceLevel.Street, CivilAffairs, 30, 20, "自然人",
            "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》", "持有第二代残疾人证的低保家庭残疾人，或一、二级重度残疾人。",
            [IdCard, new("第二代残疾人证", true, MaterialForm.Original, "person.disabled")], [Name, IdNumber, Phone, new("disabilityLevel", "残疾等级", FieldType.Select, Options: ["一级", "二级", "三级", "四级"])]),
        new("JF-00105", "特困人员救助供养", ServiceKind.Benefit, ServiceLevel.Street, CivilAffairs, 30, 20, "自然人",
            "《社会救助暂行办法》第十四条", "无劳动能力、无生活来源、无法定赡养抚养扶养义务人或其义务人无履行能力的老年人、残疾人和未成年人。",
            [IdCard, Residence, new("特困人员救助供养申请书", true, MaterialForm.Original)], [Name, IdNumber, Phone, Address]),
        new("XK-00201", "个体工商户设立登记", ServiceKind.Permit, ServiceLevel.District, Market, 15, 3, "自然人",
            "《促进个体工商户发展条例》；《市场主体登记管理条例》", "有经营能力的自然人。",
            [IdCard, new("经营场所使用证明", true, MaterialForm.Copy)], [Name, IdNumber, Phone, new("tradeName", "个体工商户名称", FieldType.Text, Required: false), new("businessScope", "经营范围", FieldType.Text), new("premises", "经营场所", FieldType.Text)]),
        new("XK-00205", "食品经营许可", ServiceKind.Permit, ServiceLevel.District, Market, 20, 10, "法人、个体工商户",
            "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》", "有与经营的食品品种、数量相适应的场所、设备和管理制度。",
            [new("营业执照", true, MaterialForm.Copy, "entity.registration"), new("食品安全管理制度文本", true, MaterialForm.Original), new("经营场所平面图", true, MaterialForm.Original)],
            [new("entityName", "经营者名称", FieldType.Text, RegistryFact: "entity.name"), new("creditCode", "统一社会信用代码", FieldType.CreditCode, RegistryFact: "entity.creditCode"), Phone, new("category", "经营项目", FieldType.Select, Options: ["预包装食品销售", "散装食品销售", "热食类食品制售", "冷食类食品制售"])]),
        new("XK-00202", "户外招牌设置审批", ServiceKind.Permit, ServiceLevel.District, Enforcement, 20, 5, "法人、个体工商户",
            "《城市市容和环境卫生管理条例》第十一条；《昆明市户外广告和招牌设置管理条例》", "招牌设置符合规划，不影响建筑安全和市容。",
            [new("营业执照", true, MaterialForm.Copy, "entity.registration"), new("招牌设计效果图", true, MaterialForm.Electronic), new("房屋产权或使用证明", true, MaterialForm.Copy)],
            [new("entityName", "设置单位", FieldType.Text, RegistryFact: "entity.name"), new("creditCode", "统一社会信用代码", FieldType.CreditCode, RegistryFact: "entity.creditCode"), Phone, new("location", "设置地点", FieldType.Text), new("size", "招牌尺寸（米）", FieldType.Text)]),
        new("XK-00203", "城市建筑垃圾处置核准", ServiceKind.Permit, ServiceLevel.District, Enforcement, 20, 10, "法人",
            "《城市建筑垃圾管理规定》第七条", "有建筑垃圾分类处置方案和消纳场所；运输单位具备相应资质。",
            [new("营业执照", true, MaterialForm.Copy, "entity.registration"), new("建筑垃圾处置方案", true, MaterialForm.Original), new("运输合同", true, MaterialForm.Copy)],
            [new("entityName", "建设单位", FieldType.Text, RegistryFact: "entity.name"), new("creditCode", "统一社会信用代码", FieldType.CreditCode, RegistryFact: "entity.creditCode"), Phone, new("volume", "预计处置量（立方米）", FieldType.Number), new("site", "消纳场所", FieldType.Text)],
            Countersign: Sanitation),
        new("XK-00204", "临时占用、挖掘城市道路施工许可", ServiceKind.Permit, ServiceLevel.District, Housing, 20, 10, "法人",
            "《城市道路管理条例》第二十八条至第三十一条", "因工程建设确需临时占用、挖掘城市道路，并有交通疏导方案。",
            [new("营业执照", true, MaterialForm.Copy, "entity.registration"), new("施工方案及交通疏导方案", true, MaterialForm.Original), new("施工位置图", true, MaterialForm.Electronic)],
            [new("entityName", "施工单位", FieldType.Text, RegistryFact: "entity.name"), new("creditCode", "统一社会信用代码", FieldType.CreditCode, RegistryFact: "entity.creditCode"), Phone, new("road", "占用道路及路段", FieldType.Text), new("from", "占用开始日期", FieldType.Date), new("to", "占用结束日期", FieldType.Date)],
            Countersign: Police, Fee: 0, FeeNote: "占道费按昆明市标准另行缴纳"),
        new("QR-00003", "房屋租赁登记备案", ServiceKind.Confirmation, ServiceLevel.Street, Housing, 5, 3, "自然人、法人",
            "《商品房屋租赁管理办法》第十四条", "出租人与承租人订立房屋租赁合同后三十日内。",
            [IdCard, new("房屋租赁合同", true, MaterialForm.Original), new("房屋权属证明", true, MaterialForm.Copy)], [Name, IdNumber, Phone, new("house", "房屋坐落", FieldType.Text)]),
        new("GG-00301", "就业失业登记", ServiceKind.PublicService, ServiceLevel.Street, Labour, 5, 1, "自然人",
            "《就业服务与就业管理规定》第六十一条", "法定劳动年龄内、有劳动能力和就业要求的城乡劳动者。",
            [IdCard], [Name, IdNumber, Phone, new("status", "登记类型", FieldType.Select, Options: ["就业登记", "失业登记"])]),
        new("GG-00304", "灵活就业人员参保登记", ServiceKind.PublicService, ServiceLevel.Street, Labour, 5, 1, "自然人",
            "《中华人民共和国社会保险法》第十条", "无雇工的个体工商户、未在用人单位参加社会保险的非全日制从业人员及其他灵活就业人员。",
            [IdCard], [Name, IdNumber, Phone]),
        new("GG-00302", "生育登记", ServiceKind.PublicService, ServiceLevel.Community, Health, 1, 1, "自然人",
            "《云南省人口与计划生育条例》", "夫妻双方或一方户籍在本区，或在本区居住。", [IdCard, new("结婚证", false, MaterialForm.Copy)],
            [Name, IdNumber, Phone, new("spouseName", "配偶姓名", FieldType.Text), new("spouseId", "配偶身份号码", FieldType.IdNumber)]),
        new("QR-00002", "独生子女父母光荣证办理", ServiceKind.Confirmation, ServiceLevel.Street, Health, 15, 5, "自然人",
            "《云南省人口与计划生育条例》", "只生育一个子女的夫妻。", [IdCard, Residence, new("子女出生医学证明", true, MaterialForm.Copy)], [Name, IdNumber, Phone, Address]),
        new("GG-00303", "老年人优待证办理", ServiceKind.PublicService, ServiceLevel.Community, CivilAffairs, 10, 5, "自然人",
            "《中华人民共和国老年人权益保障法》", "年满60周岁的老年人。", [IdCard, new("近期免冠照片", true, MaterialForm.Electronic)], [Name, IdNumber, Phone]),
    ];

    public static async Task<int> SeedAsync(PanlongDbContext db, DateTimeOffset now, CancellationToken ct = default)
    {
        var existing = await db.ServiceItems.Select(s => s.Code).Distinct().ToListAsync(ct);
        var added = 0;
        foreach (var item in Items.Where(i => !existing.Contains(i.Code)))
        {
            db.ServiceItems.Add(new ServiceItem
            {
                Code = item.Code,
                Version = 1,
                IsCurrent = true,
                Name = item.Name,
                NameEn = ServiceCatalogEnglish.Of(item.Name),
                Kind = item.Kind,
                Level = item.Level,
                DepartmentCode = item.Department,
                CountersignCodes = item.Countersign,
                LegalDays = item.Legal,
                PromisedDays = item.Promised,
                Fee = item.Fee,
                FeeNote = item.FeeNote ?? "不收费",
                Basis = item.Basis,
                Conditions = item.Conditions,
                Audience = item.Audience,
                Materials = JsonSerializer.Serialize(item.Materials.Select(ServiceCatalogEnglish.WithEnglish), ServiceItem.Json),
                Fields = JsonSerializer.Serialize(item.Fields.Select(ServiceCatalogEnglish.WithEnglish), ServiceItem.Json),
                ProcessKey = item.Countersign is null ? "approval-single" : "approval-countersign",
                PublishedAt = now,
                PublishedBy = ShippedBy,
            });
            added++;
        }
        await db.SaveChangesAsync(ct);
        await MarkPersonalFieldsAsync(db, ct);
        await AddEnglishAsync(db, ct);
        return added;
    }

    /// <summary>
    /// The data step of the migration LocalizedNames: versions of the shipped items seeded before names had English get
    /// it (docs/decisions/0038-localized-names.md). A second run finds nothing to add.
    /// </summary>
    private static async Task AddEnglishAsync(PanlongDbContext db, CancellationToken ct)
    {
        var codes = Items.Select(i => i.Code).ToList();
        var versions = await db.ServiceItems.Where(s => codes.Contains(s.Code) && s.NameEn == null).ToListAsync(ct);
        var changed = false;
        foreach (var version in versions)
        {
            changed |= ServiceCatalogEnglish.AddTo(version);
        }
        if (changed)
        {
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// The data step of the migration AdminGrantsAndPersonalFields (issue 15 hole 8): items seeded before fields could be marked
    /// personal get the mark on every version, and their applications' display copy is masked; the full values were always in
    /// the encrypted form. A second run finds every mark in place and does nothing.
    /// </summary>
    private static async Task MarkPersonalFieldsAsync(PanlongDbContext db, CancellationToken ct)
    {
        foreach (var seeded in Items.Where(i => i.Fields.Any(f => f.Personal)))
        {
            var personal = seeded.Fields.Where(f => f.Personal).Select(f => f.Key).ToHashSet();
            var versions = await db.ServiceItems.Where(s => s.Code == seeded.Code).ToListAsync(ct);
            var unmarked = versions.Where(v => v.FieldList.Any(f => personal.Contains(f.Key) && !f.Personal)).ToList();
            foreach (var version in unmarked)
            {
                version.Fields = JsonSerializer.Serialize(version.FieldList.Select(f => personal.Contains(f.Key) ? f with { Personal = true } : f), ServiceItem.Json);
                var id = version.Id;
                foreach (var application in await db.ServiceApplications.Where(a => a.ServiceItemId == id).ToListAsync(ct))
                {
                    var display = JsonSerializer.Deserialize<Dictionary<string, string>>(application.FormDisplay, ServiceItem.Json) ?? [];
                    foreach (var key in personal.Where(display.ContainsKey))
                    {
                        display[key] = Registry.PersonalDataMask.Text(display[key]);
                    }
                    application.FormDisplay = JsonSerializer.Serialize(display, ServiceItem.Json);
                }
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
