namespace Panlong.Workflows.Engine.Calendar;

/// <summary>
/// Public holidays and make-up working days seeded for the current and next year; administrators edit them.
/// 2026: the State Council's arrangement (国办发明电〔2025〕7号). 2027: only the statutory holidays
/// (《全国年节及纪念日放假办法》, 2025 revision), marked provisional until the State Council publishes its arrangement.
/// </summary>
public static class HolidaySeed
{
    public sealed record Day(DateOnly Date, bool IsWorkday, string Name, bool IsProvisional = false);

    public static IReadOnlyList<Day> Days { get; } = Build();

    private static List<Day> Build()
    {
        var days = new List<Day>();
        void Off(int y, int m, int d, int count, string name, bool provisional = false)
        {
            for (var i = 0; i < count; i++)
            {
                days.Add(new Day(new DateOnly(y, m, d).AddDays(i), false, name, provisional));
            }
        }
        void On(int y, int m, int d, string name) => days.Add(new Day(new DateOnly(y, m, d), true, name + "调休上班"));

        Off(2026, 1, 1, 3, "元旦");
        On(2026, 1, 4, "元旦");
        Off(2026, 2, 15, 9, "春节");
        On(2026, 2, 14, "春节");
        On(2026, 2, 28, "春节");
        Off(2026, 4, 4, 3, "清明节");
        Off(2026, 5, 1, 5, "劳动节");
        On(2026, 5, 9, "劳动节");
        Off(2026, 6, 19, 3, "端午节");
        Off(2026, 9, 25, 3, "中秋节");
        Off(2026, 10, 1, 7, "国庆节");
        On(2026, 9, 20, "国庆节");
        On(2026, 10, 10, "国庆节");

        Off(2027, 1, 1, 1, "元旦", provisional: true);
        Off(2027, 2, 5, 4, "春节", provisional: true);
        Off(2027, 4, 5, 1, "清明节", provisional: true);
        Off(2027, 5, 1, 2, "劳动节", provisional: true);
        Off(2027, 6, 9, 1, "端午节", provisional: true);
        Off(2027, 9, 15, 1, "中秋节", provisional: true);
        Off(2027, 10, 1, 3, "国庆节", provisional: true);
        return days;
    }
}
