namespace Panlong.Data.Services;

/// <summary>
/// The English of the shipped catalog's names — items, materials and form fields — by their Chinese text, which the
/// shipped items share (one 居民身份证 for all). Used when the catalog is seeded and, for databases seeded before the
/// names had English, by the data step of the migration LocalizedNames (docs/decisions/0038-localized-names.md).
/// </summary>
public static class ServiceCatalogEnglish
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        // Items.
        ["居住证明出具"] = "Proof of residence",
        ["最低生活保障申请"] = "Minimum living allowance (dibao)",
        ["临时救助"] = "Temporary assistance",
        ["高龄津贴申领"] = "Old-age allowance for people over 80",
        ["残疾人两项补贴（困难残疾人生活补贴和重度残疾人护理补贴）"] = "Two disability allowances (living allowance and care allowance)",
        ["特困人员救助供养"] = "Support for people in extreme poverty",
        ["个体工商户设立登记"] = "Registration of a sole proprietorship",
        ["食品经营许可"] = "Food business licence",
        ["户外招牌设置审批"] = "Approval of an outdoor shop sign",
        ["城市建筑垃圾处置核准"] = "Approval of construction waste disposal",
        ["临时占用、挖掘城市道路施工许可"] = "Permit to occupy or dig up a city road for works",
        ["房屋租赁登记备案"] = "Registration of a housing lease",
        ["就业失业登记"] = "Employment and unemployment registration",
        ["灵活就业人员参保登记"] = "Social insurance registration of flexible workers",
        ["生育登记"] = "Birth registration",
        ["独生子女父母光荣证办理"] = "Certificate of parents of an only child",
        ["老年人优待证办理"] = "Senior citizen's card",
        // Materials.
        ["困难情况说明及相关证明"] = "Statement of the hardship with supporting proof",
        ["子女出生医学证明"] = "Child's medical birth certificate",
        ["家庭收入和财产申报表"] = "Declaration of household income and assets",
        ["家庭经济状况核对授权书"] = "Authorization to check the household's finances",
        ["居民身份证"] = "Resident identity card",
        ["建筑垃圾处置方案"] = "Construction waste disposal plan",
        ["户口簿或居住证明"] = "Household register or proof of residence",
        ["房屋产权或使用证明"] = "Proof of ownership or use of the building",
        ["房屋权属证明"] = "Proof of title to the house",
        ["房屋租赁合同"] = "Housing lease contract",
        ["招牌设计效果图"] = "Design drawing of the sign",
        ["施工位置图"] = "Map of the works' location",
        ["施工方案及交通疏导方案"] = "Works plan and traffic management plan",
        ["本人银行账户"] = "Applicant's bank account",
        ["特困人员救助供养申请书"] = "Application letter for extreme-poverty support",
        ["第二代残疾人证"] = "Disability certificate (second generation)",
        ["经营场所使用证明"] = "Proof of use of the business premises",
        ["经营场所平面图"] = "Floor plan of the business premises",
        ["结婚证"] = "Marriage certificate",
        ["营业执照"] = "Business licence",
        ["运输合同"] = "Transport contract",
        ["近期免冠照片"] = "Recent bare-headed photo",
        ["食品安全管理制度文本"] = "Food safety management rules",
        // Form fields.
        ["个体工商户名称"] = "Trade name",
        ["公民身份号码"] = "Citizen ID number",
        ["共同生活家庭成员人数"] = "Household members living together",
        ["占用开始日期"] = "Occupation starts on",
        ["占用结束日期"] = "Occupation ends on",
        ["占用道路及路段"] = "Road and section occupied",
        ["困难原因"] = "Cause of the hardship",
        ["家庭月收入（元）"] = "Household monthly income (yuan)",
        ["居住地址"] = "Residential address",
        ["建设单位"] = "Developer",
        ["房屋坐落"] = "Location of the house",
        ["招牌尺寸（米）"] = "Sign size (m)",
        ["施工单位"] = "Contractor",
        ["残疾等级"] = "Disability grade",
        ["消纳场所"] = "Disposal site",
        ["申请人姓名"] = "Applicant's name",
        ["登记类型"] = "Kind of registration",
        ["经营场所"] = "Business premises",
        ["经营者名称"] = "Operator's name",
        ["经营范围"] = "Business scope",
        ["经营项目"] = "Line of business",
        ["统一社会信用代码"] = "Unified social credit code",
        ["联系电话"] = "Phone",
        ["设置单位"] = "Organization setting up the sign",
        ["设置地点"] = "Location of the sign",
        ["证明用途"] = "Purpose of the proof",
        ["配偶姓名"] = "Spouse's name",
        ["配偶身份号码"] = "Spouse's ID number",
        ["银行账号"] = "Bank account number",
        ["预计处置量（立方米）"] = "Expected volume (m³)",
    };

    public static string? Of(string chinese) => Names.GetValueOrDefault(chinese);

    public static MaterialSpec WithEnglish(MaterialSpec material) => material.NameEn is null ? material with { NameEn = Of(material.Name) } : material;

    public static FieldSpec WithEnglish(FieldSpec field) => field.LabelEn is null ? field with { LabelEn = Of(field.Label) } : field;

    /// <summary>
    /// Gives a version of a shipped item the English it lacks (its own Chinese names decide, so an administrator's renamed
    /// material stays without). True when something changed.
    /// </summary>
    public static bool AddTo(ServiceItem item)
    {
        var name = item.NameEn ?? Of(item.Name);
        var materials = item.MaterialList;
        var fields = item.FieldList;
        var changed = name != item.NameEn || materials.Any(m => m.NameEn is null && Of(m.Name) is not null) || fields.Any(f => f.LabelEn is null && Of(f.Label) is not null);
        if (changed)
        {
            item.NameEn = name;
            item.Materials = System.Text.Json.JsonSerializer.Serialize(materials.Select(WithEnglish), ServiceItem.Json);
            item.Fields = System.Text.Json.JsonSerializer.Serialize(fields.Select(WithEnglish), ServiceItem.Json);
        }
        return changed;
    }
}
