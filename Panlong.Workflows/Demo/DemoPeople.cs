namespace Panlong.Workflows.Demo;

/// <summary>Deterministic invented names and phone numbers for demo data; same seed, same people.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Seeded, repeatable demo data; nothing secret is drawn from it.")]
public sealed class DemoPeople(int seed)
{
    private const string Surnames = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
    private const string Given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰春梅海燕云飞晓东丽华建华文斌永红国强俊杰子涵雨桐浩然欣怡思远嘉怡";

    private readonly Random _random = new(seed);

    public string NextName()
    {
        var surname = Surnames[_random.Next(Surnames.Length)];
        var length = _random.Next(3) == 0 ? 1 : 2;
        var given = new string(Enumerable.Range(0, length).Select(_ => Given[_random.Next(Given.Length)]).ToArray());
        return surname + given;
    }

    public string NextMobile()
    {
        string[] prefixes = ["138", "139", "150", "151", "158", "187", "188", "136", "135", "177"];
        return prefixes[_random.Next(prefixes.Length)] + _random.Next(0, 100_000_000).ToString("00000000", System.Globalization.CultureInfo.InvariantCulture);
    }

    public int Next(int min, int maxExclusive) => _random.Next(min, maxExclusive);
}
