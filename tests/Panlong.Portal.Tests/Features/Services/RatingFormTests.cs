using Panlong.Data.Services;
using Panlong.Portal.Features.Services;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>Issue 16 (12): the dimension stars do not say 5 when the applicant says 不满意.</summary>
public class RatingFormTests
{
    [Fact]
    public void NewForm_HasNoLevelAndNoStars()
    {
        var form = new RatingForm();
        Assert.Equal(0, form.Level);
        Assert.All(ServiceRating.DimensionNames, d => Assert.Equal(0, form.Dimensions[d]));
    }

    [Fact]
    public void BadLevel_SetsTheUntouchedStarsToIt_AndKeepsThoseGivenByHand()
    {
        var form = new RatingForm();
        form.ChooseLevel(5);
        form.Rate("服务态度", 4);
        form.ChooseLevel(2);

        Assert.Equal(2, form.Level);
        Assert.Equal(4, form.Dimensions["服务态度"]);
        Assert.All(ServiceRating.DimensionNames.Where(d => d != "服务态度"), d => Assert.Equal(2, form.Dimensions[d]));
    }
}
