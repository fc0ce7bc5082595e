using System.Net;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.DataProtection;

namespace Gateway.Tests;

/// <summary>
/// A status-page cookie belongs to the key that signed in: full-access keys are named by their digest, not their
/// position in <c>Gateway:ApiKeys</c>, and a client given another key loses the cookies of the old one.
/// </summary>
public sealed class StatusCookieTests
{
    private const string FirstKey = "first-full-access-key-0123456789";
    private const string OldOperatorKey = "operator-key-before-rotation-0123";
    private const string NewOperatorKey = "operator-key-after-rotation-01234";

    [Fact]
    public async Task Removing_the_first_full_access_key_keeps_the_second_keys_cookie_and_ends_the_firsts()
    {
        var keyRing = Directory.CreateTempSubdirectory("status-cookies-");
        try
        {
            string firstCookie, secondCookie, operatorCookie;
            var before = new ConfiguredKeysHost(keyRing, [FirstKey, GatewayHost.ApiKey], OldOperatorKey);
            try
            {
                await before.InitializeAsync();
                firstCookie = await SignInAsync(before, FirstKey);
                secondCookie = await SignInAsync(before, GatewayHost.ApiKey);
                operatorCookie = await SignInAsync(before, OldOperatorKey);
                Assert.Equal(HttpStatusCode.OK, await StatusPageAsync(before, firstCookie));
                Assert.Equal(HttpStatusCode.OK, await StatusPageAsync(before, secondCookie));
                Assert.Equal(HttpStatusCode.OK, await StatusPageAsync(before, operatorCookie));
            }
            finally
            {
                await before.DisposeAsync();
            }

            var after = new ConfiguredKeysHost(keyRing, [GatewayHost.ApiKey], NewOperatorKey);
            try
            {
                await after.InitializeAsync();

                Assert.Equal(HttpStatusCode.OK, await StatusPageAsync(after, secondCookie));
                Assert.Equal(HttpStatusCode.Redirect, await StatusPageAsync(after, firstCookie));
                Assert.Equal(HttpStatusCode.Redirect, await StatusPageAsync(after, operatorCookie));
            }
            finally
            {
                await after.DisposeAsync();
            }
        }
        finally
        {
            keyRing.Delete(recursive: true);
        }
    }

    private static async Task<string> SignInAsync(GatewayHost host, string key)
    {
        using var login = await host.Http.PostAsync("/status/login", new FormUrlEncodedContent([new("key", key)]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private static async Task<HttpStatusCode> StatusPageAsync(GatewayHost host, string cookie)
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, "/status");
        page.Headers.Add("Cookie", cookie);
        using var status = await host.Http.SendAsync(page, TestContext.Current.CancellationToken);
        return status.StatusCode;
    }

    /// <summary>
    /// The development gateway with the given full-access keys and an admin client "operator". Its data-protection keys
    /// are kept in a directory the two gateways of a test share, as a cluster's gateways share theirs through the key
    /// ring grain (a single node keeps that grain in memory, gone with the process).
    /// </summary>
    private sealed class ConfiguredKeysHost(DirectoryInfo keyRing, string[] apiKeys, string operatorKey) : GatewayHost
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Gateway:Clients:0:Name", "operator"),
            new("Gateway:Clients:0:KeySha256", AccessHost.Sha256(operatorKey)),
            new("Gateway:Clients:0:Scopes:0", "admin"),
        ];

        protected override void Configure(WebApplicationBuilder builder)
        {
            // After the base settings, so these keys replace its one key.
            builder.Configuration.AddInMemoryCollection(apiKeys.Select((key, i) => new KeyValuePair<string, string?>($"Gateway:ApiKeys:{i}", key)));
            builder.Services.AddDataProtection().PersistKeysToFileSystem(keyRing);
        }
    }
}
