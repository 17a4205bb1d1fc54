using Panlong.Data.Services;

namespace Panlong.Portal.Features.Services;

/// <summary>
/// The 好差评 form's state. The dimension stars start empty and follow the overall level until the applicant sets one
/// by hand, so a 不满意 is never sent with five stars nobody gave (issue 16); an unrated dimension is refused by
/// <see cref="Panlong.Workflows.Services.ApplicationService.RateAsync"/>.
/// </summary>
public sealed class RatingForm
{
    private readonly HashSet<string> _set = [];
    private readonly Dictionary<string, int> _dimensions = ServiceRating.DimensionNames.ToDictionary(d => d, _ => 0);

    /// <summary>1 (非常不满意) to 5 (非常满意); 0 until chosen.</summary>
    public int Level { get; private set; }

    public IReadOnlyDictionary<string, int> Dimensions => _dimensions;

    public void ChooseLevel(int level)
    {
        Level = level;
        foreach (var name in ServiceRating.DimensionNames.Where(d => !_set.Contains(d)))
        {
            _dimensions[name] = level;
        }
    }

    public void Rate(string dimension, int stars)
    {
        _set.Add(dimension);
        _dimensions[dimension] = stars;
    }
}
