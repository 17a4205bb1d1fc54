using Panlong.Workflows.Demo;

namespace Panlong.Workflows.Tests.Demo;

public class RegistryScaleTests
{
    [Fact]
    public void Times_Ten_MultipliesEveryCountInTheSameCommunities()
    {
        var city = RegistryScale.District.Times(10);

        Assert.Equal(new RegistryScale(17, 37_670, 959_620, 1_333_640, 38_460), city);
    }

    [Fact]
    public void Times_Zero_IsRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => RegistryScale.District.Times(0));
}
