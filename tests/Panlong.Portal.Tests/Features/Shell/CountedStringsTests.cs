using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>Issue 16: English says "1 working day", never "1 working days"; Chinese does not change.</summary>
public class CountedStringsTests
{
    private static string Say(string culture, string key, decimal count)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return localizer.Counted(key, count, count);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData("en", "Guide.Days", 1, "1 working day")]
    [InlineData("en", "Guide.Days", 3, "3 working days")]
    [InlineData("zh-CN", "Guide.Days", 1, "1 个工作日")]
    [InlineData("zh-CN", "Guide.Days", 3, "3 个工作日")]
    [InlineData("en", "Cameras.Wall.Count", 1, "1 camera to choose from")]
    [InlineData("en", "Cameras.Wall.Count", 2, "2 cameras to choose from")]
    public void Counted_SaysTheCountAsTheLanguageDoes(string culture, string key, int count, string expected)
    {
        Assert.Equal(expected, Say(culture, key, count));
    }
}
