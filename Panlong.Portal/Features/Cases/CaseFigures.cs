using Panlong.Data;

namespace Panlong.Portal.Features.Cases;

/// <summary>The board's arithmetic, in one place.</summary>
public static class CaseFigures
{
    /// <summary>结案率 in percent with one decimal (45,016 closed of 47,199 received → 95.4); null when nothing was received.</summary>
    public static double? ClosureRate(int received, int closed) => new Ratio(closed, received).Percent;
}
