namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// The matrix against the portal's endpoint data source, without asking anything (the shared portal is enough): a new
/// endpoint without a row fails here first, with the line to add.
/// </summary>
[Collection(nameof(PortalCollection))]
public class AuthorizationMatrixRowsTests(PortalFactory portal)
{
    [Fact]
    public void EveryEndpoint_HasARowInTheMatrix_AndEveryRowAnEndpoint()
    {
        var endpoints = MatrixEndpoint.All(portal.Services).ToDictionary(e => e.Key);

        var missing = endpoints.Keys.Except(AuthorizationMatrix.Rows.Keys).Order(StringComparer.Ordinal)
            .Select(key => $"  [\"{key}\"] = {MatrixEndpoint.Suggestion(endpoints[key].Endpoint)},").ToList();
        var stale = AuthorizationMatrix.Rows.Keys.Except(endpoints.Keys).Order(StringComparer.Ordinal).Select(key => $"  \"{key}\"").ToList();

        Assert.True(missing.Count == 0 && stale.Count == 0,
            (missing.Count == 0 ? "" : "Endpoints without a row in AuthorizationMatrix.Rows (add one line each; the line below is read from the " +
                "endpoint's own metadata: check it says who may, add .InScope()/.Showing()/.At() for ids):\n" + string.Join('\n', missing) + "\n") +
            (stale.Count == 0 ? "" : "Rows of AuthorizationMatrix.Rows whose endpoint no longer exists (remove them):\n" + string.Join('\n', stale)));
    }

    [Fact]
    public void EveryRowWithRouteValues_SaysWhichIdsToAsk()
    {
        var unfilled = AuthorizationMatrix.Rows.SelectMany(r => r.Value.Probes.Select(p => (r.Key, p.Probe)))
            .Where(p => p.Probe is null && p.Key.Contains('{', StringComparison.Ordinal)).Select(p => p.Key).ToList();

        Assert.True(unfilled.Count == 0, "Rows whose route has parameters but no .At(\"/path/{token}\") probe: " + string.Join(", ", unfilled));
    }

    [Theory]
    [InlineData(null, false, Answer.SignIn)]
    [InlineData("Leader", false, Answer.Denied)]
    [InlineData("Resident", false, Answer.Allowed)]
    [InlineData("Resident", true, Answer.NotFound)]
    [InlineData("WindowClerk", false, Answer.NotFound)]
    public void Expected_ReadsGateScopeAndExceptions(string? role, bool otherStreet, Answer expected)
    {
        var draft = Access.Only("Resident", "WindowClerk").InScope().But("WindowClerk", Answer.NotFound);

        Assert.Equal(expected, draft.Expected(new Asker(role, otherStreet)));
    }
}
