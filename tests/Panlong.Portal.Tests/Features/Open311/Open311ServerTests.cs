using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Organization;
using Panlong.Portal.Features.Tokens;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Open311;

/// <summary>
/// The Open311 GeoReport v2 server as a partner meets it (ADR 83): form posts with an <c>api_key</c> over HTTP against the
/// shared portal, cases made by the real loop in its SQLite database, answers read back in the spec's JSON and XML shapes.
/// </summary>
[Collection(nameof(PortalCollection))]
public class Open311ServerTests(PortalFactory portal)
{
    private static readonly ClaimsPrincipal SecurityAdmin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "secadmin")], "test"));
    private const string Category = "14-01";

    private async Task<IssuedSecret> NewClientAsync(params string[] scopes)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var center = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.CommandCenter && u.Parent!.Code == "530103001").Select(u => u.Id).SingleAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PartnerClients>().CreateAsync(new PartnerClientForm("12345 热线", center, scopes), SecurityAdmin);
        Assert.True(result.Ok, string.Join(", ", result.Errors.Values));
        return result.Secret!;
    }

    private static string Key(IssuedSecret client) => $"{client.ClientId}:{client.Secret}";

    private async Task<TestPlaces.GridPlace> PlaceAsync()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        return await TestPlaces.GridAsync(db, "530103001001");
    }

    private static FormUrlEncodedContent Form(string apiKey, TestPlaces.GridPlace? place, params (string Name, string Value)[] more)
    {
        var fields = new Dictionary<string, string> { ["api_key"] = apiKey, ["service_code"] = Category, ["description"] = "路口有人占道摆摊，影响通行" };
        if (place is not null)
        {
            fields["lat"] = place.Lat.ToString(CultureInfo.InvariantCulture);
            fields["long"] = place.Lng.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (name, value) in more)
        {
            fields[name] = value;
        }
        return new FormUrlEncodedContent(fields);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> JsonAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    /// <summary>The spec's error list: an array of {code, description}, the code the HTTP status, a description in words.</summary>
    private static void AssertErrors(HttpStatusCode expected, (HttpStatusCode Status, JsonElement Body) answer)
    {
        Assert.Equal(expected, answer.Status);
        Assert.Equal(JsonValueKind.Array, answer.Body.ValueKind);
        var error = Assert.Single(answer.Body.EnumerateArray());
        Assert.Equal((int)expected, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task Services_JsonAndXml_ListTheCategoriesInTheSpecsFields()
    {
        var http = portal.Anonymous();

        var (status, json) = await JsonAsync(http.GetAsync("/open311/v2/services.json"));
        var xml = XDocument.Parse(await http.GetStringAsync("/open311/v2/services.xml?jurisdiction_id=530103"));
        var (definitionStatus, definition) = await JsonAsync(http.GetAsync($"/open311/v2/services/{Category}.json"));
        var definitionXml = XDocument.Parse(await http.GetStringAsync($"/open311/v2/services/{Category}.xml"));

        Assert.Equal(HttpStatusCode.OK, status);
        var service = json.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == Category);
        Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"], service.EnumerateObject().Select(p => p.Name));
        Assert.False(service.GetProperty("metadata").GetBoolean());
        Assert.Equal("realtime", service.GetProperty("type").GetString());
        Assert.Equal("services", xml.Root!.Name.LocalName);
        Assert.Equal(json.GetArrayLength(), xml.Root.Elements("service").Count());
        Assert.Contains(xml.Root.Elements("service"), s => s.Element("service_code")!.Value == Category && s.Element("service_name")!.Value.Length > 0);
        Assert.Equal(HttpStatusCode.OK, definitionStatus);
        Assert.Equal(Category, definition.GetProperty("service_code").GetString());
        Assert.Equal(0, definition.GetProperty("attributes").GetArrayLength());
        Assert.Equal("service_definition", definitionXml.Root!.Name.LocalName);
        AssertErrors(HttpStatusCode.NotFound, await JsonAsync(http.GetAsync("/open311/v2/services/99-99.json")));
        AssertErrors(HttpStatusCode.NotFound, await JsonAsync(http.GetAsync("/open311/v2/services.json?jurisdiction_id=elsewhere")));
        AssertErrors(HttpStatusCode.BadRequest, await JsonAsync(http.GetAsync("/open311/v2/services.csv")));
    }

    [Fact]
    public async Task PostRequest_TwiceWithOneClientKey_MakesOneCaseThatReadsBackOpen()
    {
        var client = await NewClientAsync(TokenScopes.Open311);
        var place = await PlaceAsync();
        var http = portal.Anonymous();
        var key = "hotline-" + Guid.NewGuid().ToString("N");

        var (firstStatus, first) = await JsonAsync(http.PostAsync("/open311/v2/requests.json",
            Form(Key(client), place, ("client_key", key), ("address_string", "拓东路 1 号"), ("first_name", "先生"), ("last_name", "李"), ("phone", "13912345678"))));
        var again = await http.PostAsync("/open311/v2/requests.xml", Form(Key(client), place, ("client_key", key)));

        Assert.Equal(HttpStatusCode.Created, firstStatus);
        var id = first[0].GetProperty("service_request_id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, XDocument.Parse(await again.Content.ReadAsStringAsync()).Root!.Element("request")!.Element("service_request_id")!.Value);
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            var made = await db.Cases.AsNoTracking().Where(c => c.ClientKey == key).ToListAsync();
            var one = Assert.Single(made);
            Assert.Equal(CaseSource.Partner, one.Source);
            Assert.Equal(PartnerClients.UserNamePrefix + client.ClientId, await db.Users.Where(u => u.Id == one.ReporterUserId).Select(u => u.UserName).SingleAsync());
            Assert.Equal("139****5678", one.CallerPhoneMasked);
        }

        var (listStatus, list) = await JsonAsync(http.GetAsync($"/open311/v2/requests.json?api_key={Uri.EscapeDataString(Key(client))}&service_code={Category}&status=open"));
        var (_, byId) = await JsonAsync(http.GetAsync($"/open311/v2/requests/{id}.json?api_key={Uri.EscapeDataString(Key(client))}"));
        var xml = XDocument.Parse(await http.GetStringAsync($"/open311/v2/requests.xml?api_key={Uri.EscapeDataString(Key(client))}&service_request_id={id},AJ0"));

        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == id);
        var request = Assert.Single(byId.EnumerateArray());
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(request.GetProperty("status_notes").GetString()));
        Assert.Equal(Category, request.GetProperty("service_code").GetString());
        Assert.Equal("拓东路 1 号", request.GetProperty("address").GetString());
        Assert.Equal(place.Lat, request.GetProperty("lat").GetDouble(), 6);
        Assert.EndsWith("+08:00", request.GetProperty("requested_datetime").GetString(), StringComparison.Ordinal);
        // Nothing of the reporter or the caller leaves: neither the account, nor the name, nor the phone.
        var text = request.ToString();
        Assert.DoesNotContain("5678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("李先生", text, StringComparison.Ordinal);
        Assert.DoesNotContain(client.ClientId, text, StringComparison.Ordinal);
        var fromXml = Assert.Single(xml.Root!.Elements("request"));
        Assert.Equal("service_requests", xml.Root.Name.LocalName);
        Assert.Equal("open", fromXml.Element("status")!.Value);
    }

    /// <summary>
    /// media_url (issue 20 part 2): a request with a report photo names its thumbnail at a public, sealed address — fetched
    /// without a key, a JPEG — and one without a photo says null; an address we did not seal, or one altered, is not found.
    /// </summary>
    [Fact]
    public async Task MediaUrl_OfARequestWithAReportPhoto_IsItsThumbnailAtASealedPublicAddress()
    {
        var client = await NewClientAsync(TokenScopes.Open311);
        var place = await PlaceAsync();
        var http = portal.Anonymous();
        var (_, created) = await JsonAsync(http.PostAsync("/open311/v2/requests.json", Form(Key(client), place, ("client_key", "media-" + Guid.NewGuid().ToString("N")))));
        var id = created[0].GetProperty("service_request_id").GetString()!;
        var (_, before) = await JsonAsync(http.GetAsync($"/open311/v2/requests/{id}.json?api_key={Uri.EscapeDataString(Key(client))}"));
        Assert.Equal(JsonValueKind.Null, before[0].GetProperty("media_url").ValueKind);

        var store = portal.Services.GetRequiredService<Panlong.Portal.Features.Cases.CasePhotoStore>();
        using var png = new MemoryStream(TestImages.Png(red: 10, green: 120, blue: 200));
        var saved = await store.SaveAsync(png, "scene.png", PhotoStage.Before);
        Assert.NotNull(saved.Photo);
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            var p = saved.Photo!;
            db.CasePhotos.Add(new CasePhoto
            {
                CaseId = await db.Cases.Where(c => c.Number == id).Select(c => c.Id).SingleAsync(), Stage = PhotoStage.Before, FileName = p.FileName,
                ContentType = p.ContentType, Size = p.Size, StoredPath = p.StoredPath, ThumbnailPath = p.ThumbnailPath, UploadedByName = "测试", UploadedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var (_, after) = await JsonAsync(http.GetAsync($"/open311/v2/requests/{id}.json?api_key={Uri.EscapeDataString(Key(client))}"));
        var url = new Uri(after[0].GetProperty("media_url").GetString()!);
        Assert.StartsWith("/open311/v2/media/", url.AbsolutePath, StringComparison.Ordinal);
        var xml = XDocument.Parse(await http.GetStringAsync($"/open311/v2/requests/{id}.xml?api_key={Uri.EscapeDataString(Key(client))}"));
        var fromXml = new Uri(xml.Root!.Element("request")!.Element("media_url")!.Value);

        // Sealed afresh for each answer (the address differs), naming the same thumbnail; no key asked.
        foreach (var address in new[] { url, fromXml })
        {
            var image = await portal.Anonymous().GetAsync(address.PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
            var bytes = await image.Content.ReadAsByteArrayAsync();
            Assert.True(bytes is [0xFF, 0xD8, ..], "a JPEG, the server-made thumbnail");
        }

        var token = url.AbsolutePath["/open311/v2/media/".Length..];
        var altered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/open311/v2/media/" + altered)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/open311/v2/media/1.jpg")).StatusCode);
    }

    [Fact]
    public async Task PostRequest_BadInput_IsAnsweredWithTheSpecsErrorListAndSavesNothing()
    {
        var client = await NewClientAsync(TokenScopes.Open311);
        var place = await PlaceAsync();
        var http = portal.Anonymous();
        var key = Key(client);
        var marker = "bad-" + Guid.NewGuid().ToString("N");

        AssertErrors(HttpStatusCode.BadRequest, await JsonAsync(http.PostAsync("/open311/v2/requests.json", Form(key, place, ("service_code", "99-99"), ("client_key", marker)))));
        AssertErrors(HttpStatusCode.BadRequest, await JsonAsync(http.PostAsync("/open311/v2/requests.json", Form(key, null, ("client_key", marker)))));
        AssertErrors(HttpStatusCode.BadRequest, await JsonAsync(http.PostAsync("/open311/v2/requests.json", Form(key, null, ("address_string", "拓东路"), ("client_key", marker)))));
        AssertErrors(HttpStatusCode.BadRequest, await JsonAsync(http.PostAsync("/open311/v2/requests.json",
            Form(key, null, ("lat", "39.9042"), ("long", "116.4074"), ("client_key", marker)))));
        AssertErrors(HttpStatusCode.BadRequest, await JsonAsync(http.PostAsync("/open311/v2/requests.json", Form(key, place, ("description", new string('长', 1001)), ("client_key", marker)))));
        AssertErrors(HttpStatusCode.BadRequest, await JsonAsync(http.PostAsync("/open311/v2/requests.json", Form(key, place, ("address_string", new string('路', 201)), ("client_key", marker)))));
        AssertErrors(HttpStatusCode.BadRequest, await JsonAsync(http.GetAsync(
            $"/open311/v2/requests.json?api_key={Uri.EscapeDataString(key)}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")));
        var xmlError = await http.PostAsync("/open311/v2/requests.xml", Form(key, place, ("service_code", "99-99")));
        Assert.Equal(HttpStatusCode.BadRequest, xmlError.StatusCode);
        var error = XDocument.Parse(await xmlError.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("errors", error.Name.LocalName);
        Assert.Equal("400", error.Element("error")!.Element("code")!.Value);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Cases.AnyAsync(c => c.ClientKey == marker));
    }

    [Fact]
    public async Task ApiKey_WrongOrMissingOrWithoutTheOpen311Scope_IsForbidden_WhileAnOpen311TokenIsTaken()
    {
        var open311 = await NewClientAsync(TokenScopes.Open311);
        var readerOnly = await NewClientAsync(TokenScopes.CasesRead);
        var place = await PlaceAsync();
        var http = portal.Anonymous();

        AssertErrors(HttpStatusCode.Forbidden, await JsonAsync(http.PostAsync("/open311/v2/requests.json", Form($"{open311.ClientId}:not-the-secret", place))));
        AssertErrors(HttpStatusCode.Forbidden, await JsonAsync(http.PostAsync("/open311/v2/requests.json", Form(Key(readerOnly), place))));
        AssertErrors(HttpStatusCode.Forbidden, await JsonAsync(http.GetAsync("/open311/v2/requests.json")));
        // A token of the client works as its key does only with the open311 scope.
        var token = await http.PostAsync(TokenServer.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
            { ["grant_type"] = "client_credentials", ["client_id"] = readerOnly.ClientId, ["client_secret"] = readerOnly.Secret, ["scope"] = TokenScopes.CasesRead }));
        var bearer = portal.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await bearer.GetAsync("/open311/v2/requests.json")).StatusCode);
        var open311Token = await http.PostAsync(TokenServer.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
            { ["grant_type"] = "client_credentials", ["client_id"] = open311.ClientId, ["client_secret"] = open311.Secret, ["scope"] = TokenScopes.Open311 }));
        var partner = portal.Anonymous();
        partner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            JsonDocument.Parse(await open311Token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString());
        var (status, list) = await JsonAsync(partner.GetAsync("/open311/v2/requests.json"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        var (postStatus, posted) = await JsonAsync(partner.PostAsync("/open311/v2/requests.json", Form("", place)));
        Assert.Equal(HttpStatusCode.Created, postStatus);
        Assert.StartsWith("AJ", posted[0].GetProperty("service_request_id").GetString(), StringComparison.Ordinal);
    }
}
