using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary><c>GET /api/components/{c}/authorizers/{a}</c>: one account's listing entry, so no one needs api_get_authorizer_info.</summary>
public sealed class AuthorizerEntryTests(ScopedClientsHost host) : IClassFixture<ScopedClientsHost>
{
    private const string Component = GatewayHost.ComponentAppId;
    private const string Revoked = "wx5a4db0acc0000002";

    private static string Entry(string account) => $"/api/components/{Component}/authorizers/{account}";

    [Fact]
    public async Task An_accounts_entry_is_its_listing_entry_with_status_permission_sets_profile_and_kind()
    {
        await host.AuthorizeAsync(GatewayHost.Account);
        await host.AuthorizeAsync(GatewayHost.MiniProgram);
        var infoCalls = host.WeChat.Calls.Count(ComponentApis.GetAuthorizerInfo, errorCode: null);

        var official = await host.Api.GetFromJsonAsync<JsonElement>(Entry(GatewayHost.Account));
        var miniProgram = await host.Api.GetFromJsonAsync<JsonElement>(Entry(GatewayHost.MiniProgram));
        var listed = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{Component}/authorizers?after=wx5a4db0acc0000000&limit=1");

        Assert.Equal(listed[0].GetRawText(), official.GetRawText());
        Assert.Equal("authorized", official.GetProperty("status").GetString());
        Assert.NotEmpty(official.GetProperty("func_info").EnumerateArray());
        Assert.Equal("gh_5a4db0acc001", official.GetProperty("user_name").GetString());
        Assert.False(string.IsNullOrEmpty(official.GetProperty("nick_name").GetString()));
        Assert.False(official.GetProperty("is_mini_program").GetBoolean());
        Assert.True(miniProgram.GetProperty("is_mini_program").GetBoolean());
        Assert.Equal(infoCalls, host.WeChat.Calls.Count(ComponentApis.GetAuthorizerInfo, errorCode: null));
    }

    [Fact]
    public async Task A_revoked_account_still_has_its_entry_saying_so()
    {
        await host.AuthorizeAsync(Revoked);
        await host.Grains.GetGrain<IComponentGrain>(Component).RevokeAuthorizationAsync(Revoked, DateTimeOffset.UtcNow);

        var entry = await host.Api.GetFromJsonAsync<JsonElement>(Entry(Revoked));

        Assert.Equal("unauthorized", entry.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_account_the_platform_does_not_know_is_a_404_problem()
    {
        using var response = await host.Api.GetAsync(Entry("wx5a4db0acc00000ee"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_authorizer", problem.GetProperty("problem").GetString());
    }

    [Theory]
    [InlineData("wx5A4DB0ACC0000001")]
    [InlineData("wx5a4db0acc000001")]
    [InlineData("wx5a4db0acc00000011")]
    [InlineData("gh_5a4db0acc001")]
    [InlineData("wx5a4db0acc000000g")]
    public async Task An_appid_WeChat_could_not_have_issued_is_a_400_problem(string appId)
    {
        using var response = await host.Api.GetAsync(Entry(appId));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_appid", problem.GetProperty("problem").GetString());
    }

    [Theory]
    [InlineData("reader", HttpStatusCode.OK)]
    [InlineData("refresher", HttpStatusCode.OK)]
    [InlineData("actor", HttpStatusCode.Forbidden)]
    [InlineData("operator", HttpStatusCode.Forbidden)]
    [InlineData("elsewhere", HttpStatusCode.Forbidden)]
    public async Task The_entry_needs_the_tokens_scope_on_its_platform(string client, HttpStatusCode expected)
    {
        await host.AuthorizeAsync(GatewayHost.Account);
        using var http = host.As(client);

        using var response = await http.GetAsync(Entry(GatewayHost.Account));

        Assert.Equal(expected, response.StatusCode);
    }
}
