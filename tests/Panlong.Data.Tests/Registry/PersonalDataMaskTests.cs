using Panlong.Data.Registry;

namespace Panlong.Data.Tests.Registry;

public class PersonalDataMaskTests
{
    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("", "")]
    public void Phone_IsMaskedInTheMiddle(string phone, string masked) => Assert.Equal(masked, PersonalDataMask.Phone(phone));

    [Fact]
    public void IdNumberAndName_AreMaskedAsDomainSays()
    {
        Assert.Equal("530103********1234", PersonalDataMask.IdNumber("530103199001011234"));
        Assert.Equal("张*", PersonalDataMask.Name("张伟"));
        Assert.Equal("李**", PersonalDataMask.Name("李建国"));
    }
}
