using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using WeChat.Api;

namespace WeChat.Tests.Api;

/// <summary>
/// Calls that fall due together share <c>WeChat:MaxConnections</c> connections instead of opening one each: unbounded,
/// a million accounts' refreshes held 14,000 sockets in one process and it died at its file limit.
/// </summary>
public class ConnectionLimitTests
{
    [Fact]
    public async Task Concurrent_calls_share_at_most_MaxConnections_connections_and_all_complete()
    {
        var connections = new ConcurrentDictionary<string, byte>();
        var inFlight = 0;
        var mostInFlight = 0;
        await using var api = LoopbackKestrel.Build();
        api.MapPost("/" + ComponentApis.ComponentToken, async (HttpContext http) =>
        {
            connections.TryAdd(http.Connection.Id, 0);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);

            // Held a little, so that without a bound every call would have a connection of its own.
            await Task.Delay(TimeSpan.FromMilliseconds(20));
            Interlocked.Decrement(ref inFlight);
            return Results.Json(new { component_access_token = "token", expires_in = 7200 });
        });
        var baseUrl = await LoopbackKestrel.StartAsync(api);
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WeChat:ApiBaseUrl"] = baseUrl,
                ["WeChat:MaxConnections"] = "2",
            }).Build())
            .AddLogging()
            .AddWeChatApi()
            .BuildServiceProvider();
        var client = services.GetRequiredService<IComponentApi>();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.GetComponentTokenAsync("wxc", "secret", "ticket")));

        Assert.All(tokens, t => Assert.Equal("token", t.ComponentAccessToken));
        Assert.InRange(connections.Count, 1, 2);
        Assert.InRange(mostInFlight, 1, 2);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
