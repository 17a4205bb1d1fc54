using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>Issue 16: English says "1 working day", never "1 working days"; Chinese does not change.</summary>
public class CountedStringsTests
{
    private static string Say(string culture, decimal count)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return localizer.Counted("Guide.Days", count, count);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData("en", 1, "1 working day")]
    [InlineData("en", 3, "3 working days")]
    [InlineData("zh-CN", 1, "1 个工作日")]
    [InlineData("zh-CN", 3, "3 个工作日")]
    public void Counted_SaysTheCountAsTheLanguageDoes(string culture, int count, string expected)
    {
        Assert.Equal(expected, Say(culture, count));
    }
}
