using Microsoft.EntityFrameworkCore;

namespace Panlong.Data.Cases;

/// <summary>
/// The seeded classification: component (部件) and event (事件) classes of the national digital city-management
/// standard with filing and closing standards, the article's 安全生产 and 综合治理 domains, step limits in working
/// hours (a working day counts 8 h here) and a default department (codes of <see cref="Organization.DistrictPlan.Departments"/>).
/// Inserted when missing; administrators' edits are never overwritten.
/// </summary>
public static class CaseCategorySeed
{
    private const string Enforcement = "530103-BM01";
    private const string Market = "530103-BM02";
    private const string Emergency = "530103-BM03";
    private const string Housing = "530103-BM04";
    private const string Police = "530103-BM05";
    private const string Transport = "530103-BM08";
    private const string Greening = "530103-BM09";
    private const string Sanitation = "530103-BM10";
    private const string Environment = "530103-BM11";
    private const string Water = "530103-BM17";
    private const string Power = "530103-BM18";
    private const string Gas = "530103-BM19";
    private const string Telecom = "530103-BM20";

    private sealed record Row(string Code, CaseDomain Domain, CaseKind Kind, string Major, string Name, string Filing, string Closing,
        double Handle, string Department, double Dispatch = 0.5, double Verify = 1, double Check = 2);

    private static readonly Row[] Rows =
    [
        new("01-01", CaseDomain.CityManagement, CaseKind.Component, "公用设施", "上水井盖", "井盖丢失、破损、移位或松动，存在安全隐患", "井盖已补齐、更换或复位，周边无安全隐患", 4, Water),
        new("01-02", CaseDomain.CityManagement, CaseKind.Component, "公用设施", "污水井盖", "井盖丢失、破损、移位或松动", "井盖已补齐或更换，平稳无响动", 4, Water),
        new("01-03", CaseDomain.CityManagement, CaseKind.Component, "公用设施", "燃气井盖", "燃气井盖丢失、破损或有燃气异味", "井盖已恢复，无燃气泄漏", 2, Gas),
        new("01-04", CaseDomain.CityManagement, CaseKind.Component, "公用设施", "电力井盖", "电力井盖丢失、破损或移位", "井盖已恢复原状", 4, Power),
        new("01-05", CaseDomain.CityManagement, CaseKind.Component, "公用设施", "通信井盖", "通信井盖丢失、破损或移位", "井盖已恢复原状", 8, Telecom),
        new("02-01", CaseDomain.CityManagement, CaseKind.Component, "道路交通设施", "交通信号灯", "信号灯不亮、损坏或倾斜", "信号灯恢复正常工作", 4, Transport),
        new("02-02", CaseDomain.CityManagement, CaseKind.Component, "道路交通设施", "交通护栏", "护栏破损、倒伏或缺失", "护栏已修复或更换", 16, Transport),
        new("02-03", CaseDomain.CityManagement, CaseKind.Component, "道路交通设施", "路灯", "路灯不亮、灯杆倾斜或破损", "路灯恢复照明，灯杆稳固", 16, Power),
        new("03-01", CaseDomain.CityManagement, CaseKind.Component, "市容环境设施", "公共厕所", "设施损坏、污物外溢或无法使用", "设施修复，环境整洁", 8, Sanitation),
        new("03-02", CaseDomain.CityManagement, CaseKind.Component, "市容环境设施", "垃圾箱（桶）", "垃圾箱破损、缺失或满溢", "垃圾箱修复或补齐，无满溢", 4, Sanitation),
        new("04-01", CaseDomain.CityManagement, CaseKind.Component, "园林绿化设施", "行道树", "树木倒伏、枯死、断枝或影响通行", "树木扶正、补种或修剪，无安全隐患", 16, Greening),
        new("04-02", CaseDomain.CityManagement, CaseKind.Component, "园林绿化设施", "绿地", "绿地被毁、黄土裸露或养护缺失", "绿地恢复，养护到位", 40, Greening),
        new("05-01", CaseDomain.CityManagement, CaseKind.Component, "其他设施", "消防栓", "消防栓损坏、漏水或被圈占", "消防栓修复可用", 8, Emergency),
        new("10-01", CaseDomain.CityManagement, CaseKind.Event, "市容环境", "暴露垃圾", "道路、绿地等公共区域有暴露垃圾、积存垃圾渣土", "垃圾已清除，地面干净", 4, Sanitation),
        new("10-02", CaseDomain.CityManagement, CaseKind.Event, "市容环境", "道路不洁", "路面有成片污渍、散落物或积水", "路面清扫干净", 2, Sanitation),
        new("10-03", CaseDomain.CityManagement, CaseKind.Event, "市容环境", "焚烧垃圾、树叶", "露天焚烧垃圾、树叶或其他废弃物", "焚烧已制止，现场清理", 2, Environment),
        new("11-01", CaseDomain.CityManagement, CaseKind.Event, "宣传广告", "非法小广告", "墙面、设施上有张贴、涂写、喷涂的小广告", "小广告已清除，无明显痕迹", 8, Enforcement),
        new("11-02", CaseDomain.CityManagement, CaseKind.Event, "宣传广告", "违规户外广告", "未经审批设置或破损的户外广告、招牌", "广告已拆除或整改", 40, Enforcement),
        new("12-01", CaseDomain.CityManagement, CaseKind.Event, "施工管理", "违法建设（制止）", "正在进行的未经批准的建设行为", "施工已停止", 4, Enforcement),
        new("12-02", CaseDomain.CityManagement, CaseKind.Event, "施工管理", "违法建设（处罚）", "已立案查处的违法建设", "已作出处罚决定", 56, Enforcement),
        new("12-03", CaseDomain.CityManagement, CaseKind.Event, "施工管理", "违法建设（拆除）", "依法应拆除的违法建设", "违法建设已拆除，现场清理", 160, Enforcement),
        new("12-04", CaseDomain.CityManagement, CaseKind.Event, "施工管理", "施工扬尘", "施工现场未围挡、未覆盖或未洒水降尘", "已围挡、覆盖或洒水，无明显扬尘", 8, Housing),
        new("13-01", CaseDomain.CityManagement, CaseKind.Event, "突发事件", "道路塌陷", "路面塌陷、坑洞危及安全", "已设置警示并修复", 4, Housing),
        new("13-02", CaseDomain.CityManagement, CaseKind.Event, "突发事件", "路面积水", "降雨后路面积水影响通行", "积水已排除", 2, Water),
        new("14-01", CaseDomain.CityManagement, CaseKind.Event, "街面秩序", "占道经营", "在道路、广场等公共区域摆摊设点", "占道经营已清除", 2, Enforcement),
        new("14-02", CaseDomain.CityManagement, CaseKind.Event, "街面秩序", "店外经营", "沿街商户超出门窗经营", "已退回店内经营", 2, Enforcement),
        new("14-03", CaseDomain.CityManagement, CaseKind.Event, "街面秩序", "乱停放非机动车", "非机动车乱停放阻碍通行", "车辆已规整", 2, Enforcement),
        new("19-01", CaseDomain.CityManagement, CaseKind.Event, "其他事件", "噪声扰民", "夜间施工、经营活动噪声扰民", "噪声已停止", 4, Environment),
        new("S-01", CaseDomain.SafetyProduction, CaseKind.Event, "安全生产", "消防通道堵塞", "消防通道、安全出口被占用或堵塞", "通道已清理畅通", 4, Emergency),
        new("S-02", CaseDomain.SafetyProduction, CaseKind.Event, "安全生产", "燃气使用隐患", "商户、居民违规使用、存放燃气瓶", "隐患已整改", 8, Gas),
        new("S-03", CaseDomain.SafetyProduction, CaseKind.Event, "安全生产", "“三合一”场所", "生产、经营、住宿混合场所存在隐患", "已分离或整改到位", 40, Emergency),
        new("S-04", CaseDomain.SafetyProduction, CaseKind.Event, "安全生产", "食品经营安全", "无证经营或食品安全隐患", "已取缔或整改", 24, Market),
        new("G-01", CaseDomain.Governance, CaseKind.Event, "综合治理", "盗窃嫌疑人员", "发现疑似盗窃的可疑人员", "公安机关已处置并反馈", 2, Police),
        new("G-02", CaseDomain.Governance, CaseKind.Event, "综合治理", "疑似吸毒人员", "发现疑似吸毒人员或场所", "公安机关已核查处置", 4, Police),
        new("G-03", CaseDomain.Governance, CaseKind.Event, "综合治理", "矛盾纠纷", "邻里、物业等矛盾纠纷需调解", "纠纷已调解或导入法定途径", 40, Police),
    ];

    public static async Task<int> SeedAsync(PanlongDbContext db, CancellationToken ct = default)
    {
        var existing = await db.CaseCategories.Select(c => c.Code).ToListAsync(ct);
        var added = 0;
        for (var i = 0; i < Rows.Length; i++)
        {
            var r = Rows[i];
            if (existing.Contains(r.Code))
            {
                continue;
            }
            db.CaseCategories.Add(new CaseCategory
            {
                Code = r.Code,
                Domain = r.Domain,
                Kind = r.Kind,
                MajorName = r.Major,
                Name = r.Name,
                FilingStandard = r.Filing,
                ClosingStandard = r.Closing,
                HandleHours = r.Handle,
                DispatchHours = r.Dispatch,
                VerifyHours = r.Verify,
                CheckHours = r.Check,
                DefaultDepartmentCode = r.Department,
                SortOrder = i,
            });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }
}
