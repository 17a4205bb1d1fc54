using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Panlong.Data.Maps;

/// <summary>An axis-aligned box in WGS-84 degrees (never GCJ-02 or BD-09).</summary>
public sealed record GeoBox(double West, double South, double East, double North)
{
    private const int Decimals = 6;

    public double CenterLat => Math.Round((South + North) / 2, Decimals);
    public double CenterLng => Math.Round((West + East) / 2, Decimals);

    /// <summary>East–west extent in km at this latitude, so that splits cut the longer real side.</summary>
    private double WidthKm => (East - West) * 111.32 * Math.Cos((South + North) / 2 * Math.PI / 180);
    private double HeightKm => (North - South) * 110.57;

    /// <summary>
    /// Cuts the box into pieces whose areas follow <paramref name="weights"/>, halving the list and the
    /// longer side each time. The cut line is computed once and shared by both halves, so the pieces
    /// tile the box exactly: no gaps, no overlaps.
    /// </summary>
    public IReadOnlyList<GeoBox> Partition(IReadOnlyList<int> weights)
    {
        var result = new List<GeoBox>(weights.Count);
        PartitionInto(this, weights, result);
        return result;
    }

    private static void PartitionInto(GeoBox box, IReadOnlyList<int> weights, List<GeoBox> result)
    {
        if (weights.Count == 1)
        {
            result.Add(box);
            return;
        }
        var half = weights.Count / 2;
        var first = weights.Take(half).ToList();
        var second = weights.Skip(half).ToList();
        var fraction = (double)first.Sum() / weights.Sum();
        if (box.WidthKm >= box.HeightKm)
        {
            var cut = Math.Round(box.West + ((box.East - box.West) * fraction), Decimals);
            PartitionInto(box with { East = cut }, first, result);
            PartitionInto(box with { West = cut }, second, result);
        }
        else
        {
            var cut = Math.Round(box.South + ((box.North - box.South) * fraction), Decimals);
            PartitionInto(box with { North = cut }, first, result);
            PartitionInto(box with { South = cut }, second, result);
        }
    }

    /// <summary>GeoJSON Polygon, exterior ring counter-clockwise as RFC 7946 asks.</summary>
    public string ToGeoJson()
    {
        string P(double lng, double lat) => string.Create(CultureInfo.InvariantCulture, $"[{lng},{lat}]");
        return $"{{\"type\":\"Polygon\",\"coordinates\":[[{P(West, South)},{P(East, South)},{P(East, North)},{P(West, North)},{P(West, South)}]]}}";
    }
}

public static class GeoJsonPolygon
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Reads a GeoJSON Polygon (exterior ring and holes) into an NTS polygon.</summary>
    public static Polygon Read(string geoJson)
    {
        using var doc = JsonDocument.Parse(geoJson);
        var root = doc.RootElement;
        if (root.GetProperty("type").GetString() != "Polygon")
        {
            throw new FormatException("Only GeoJSON Polygon geometries are supported.");
        }
        var rings = root.GetProperty("coordinates").EnumerateArray()
            .Select(ring => Factory.CreateLinearRing(ring.EnumerateArray()
                .Select(p => new Coordinate(p[0].GetDouble(), p[1].GetDouble()))
                .ToArray()))
            .ToList();
        return Factory.CreatePolygon(rings[0], rings.Skip(1).ToArray());
    }
}
