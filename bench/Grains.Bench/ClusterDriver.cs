using System.Globalization;
using System.Text.Json;

namespace Grains.Bench;

/// <summary>
/// B5's client side against a running cluster (bench/b5-cluster.sh starts it): authorizations through the gateway's
/// callback route as WeChat's redirect would send them, paged listing latency, token readers, and the sandbox journal's
/// verdict. Every command prints <c>key=value</c> lines on stdout for the script to pick up; progress goes to stderr.
/// <code>
/// Grains.Bench b5 sandbox &lt;port&gt; &lt;gateway&gt; &lt;lifetime s&gt; &lt;prefix&gt; &lt;accounts&gt;
/// Grains.Bench b5 authorize &lt;gateway&gt; &lt;sandbox&gt; &lt;component&gt; &lt;prefix&gt; &lt;from&gt; &lt;count&gt; &lt;concurrency&gt; &lt;per second, 0: unpaced&gt;
/// Grains.Bench b5 list &lt;gateway&gt; &lt;key&gt; &lt;component&gt; &lt;prefix&gt; &lt;accounts&gt; &lt;requests&gt;
/// Grains.Bench b5 read &lt;gateway&gt; &lt;key&gt; &lt;component&gt; &lt;prefix&gt; &lt;accounts&gt; &lt;seconds&gt; &lt;readers&gt;
/// Grains.Bench b5 judge &lt;sandbox&gt; &lt;prefix&gt; &lt;accounts&gt; &lt;lifetime s&gt; &lt;refresh-before s&gt; &lt;minimum-validity s&gt; &lt;window-from unix&gt; &lt;window-to unix&gt;
/// </code>
/// </summary>
internal static partial class ClusterDriver
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Account(string prefix, int i) => prefix + i.ToString("D10", CultureInfo.InvariantCulture);

    public static async Task<int> RunAsync(string[] args)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AllowAutoRedirect = false,
        })
        { Timeout = TimeSpan.FromSeconds(60) };
        switch (args)
        {
            case ["sandbox", var port, var gateway, var lifetime, var prefix, var accounts]:
                return await SandboxAsync(int.Parse(port, CultureInfo.InvariantCulture), gateway, TimeSpan.FromSeconds(double.Parse(lifetime, CultureInfo.InvariantCulture)), prefix, int.Parse(accounts, CultureInfo.InvariantCulture));
            case ["authorize", var gateway, var sandbox, var component, var prefix, var from, var count, var concurrency, var rate]:
                return await AuthorizeAsync(http, gateway, sandbox, component, prefix, int.Parse(from, CultureInfo.InvariantCulture),
                    int.Parse(count, CultureInfo.InvariantCulture), int.Parse(concurrency, CultureInfo.InvariantCulture), double.Parse(rate, CultureInfo.InvariantCulture));
            case ["list", var gateway, var key, var component, var prefix, var accounts, var requests]:
                return await ListAsync(http, gateway, key, component, prefix, int.Parse(accounts, CultureInfo.InvariantCulture), int.Parse(requests, CultureInfo.InvariantCulture));
            case ["read", var gateway, var key, var component, var prefix, var accounts, var seconds, var readers]:
                return await ReadAsync(http, gateway, key, component, prefix, int.Parse(accounts, CultureInfo.InvariantCulture),
                    TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)), int.Parse(readers, CultureInfo.InvariantCulture));
            case ["judge", var sandbox, var prefix, var accounts, var lifetime, var refreshBefore, var minimum, var windowFrom, var windowTo]:
                return await JudgeAsync(http, sandbox, prefix, int.Parse(accounts, CultureInfo.InvariantCulture),
                    TimeSpan.FromSeconds(double.Parse(lifetime, CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(double.Parse(refreshBefore, CultureInfo.InvariantCulture)),
                    TimeSpan.FromSeconds(double.Parse(minimum, CultureInfo.InvariantCulture)),
                    DateTimeOffset.FromUnixTimeSeconds(long.Parse(windowFrom, CultureInfo.InvariantCulture)), DateTimeOffset.FromUnixTimeSeconds(long.Parse(windowTo, CultureInfo.InvariantCulture)));
            default:
                Console.Error.WriteLine("usage: see bench/Grains.Bench/ClusterDriver.cs");
                return 2;
        }
    }

    /// <summary>
    /// src/Sandbox with the demo platform (pushing to <paramref name="gateway"/>) and N accounts, until SIGTERM. Hosted
    /// here rather than as Sandbox.dll because its accounts come from configuration there, and binding 30,000 accounts
    /// from an appsettings.json took the sandbox over two minutes of CPU before it listened.
    /// </summary>
    private static async Task<int> SandboxAsync(int port, string gateway, TimeSpan lifetime, string prefix, int accounts)
    {
        await using var sandbox = await Sandbox.SandboxServer.StartAsync(options =>
        {
            options.IncludeReleaseTestAccounts = false;
            options.AuthorizerTokenLifetime = lifetime;
            // Every authorization spends the platform's daily quota of api_query_auth and api_get_authorizer_info, whose
            // real numbers WeChat does not publish (the sandbox guesses 10,000): B5 measures the cluster, not that guess.
            options.DefaultDailyQuota = Math.Max(options.DefaultDailyQuota, 2 * accounts);
            // The sandbox refuses callers outside a platform's IP whitelist; everything here calls from loopback.
            var platform = Sandbox.DemoPlatform.Component(gateway);
            platform.AllowedClientIps.AddRange(["127.0.0.1", "::1"]);
            options.Components.Add(platform);
            options.Accounts.AddRange(Enumerable.Range(0, accounts).Select(i => new Sandbox.SandboxAccount
            {
                AppId = Account(prefix, i),
                UserName = "gh_b5" + i.ToString("D10", CultureInfo.InvariantCulture),
                NickName = "bench " + i.ToString(CultureInfo.InvariantCulture),
            }));
        }, port: port, logging: l => l.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning));
        Console.Error.WriteLine($"sandbox on {sandbox.BaseUrl} with {accounts:N0} accounts");
        await UntilTerminatedAsync();
        return 0;
    }

    /// <summary>Serves until the script stops the process group with SIGTERM.</summary>
    private static async Task UntilTerminatedAsync()
    {
        using var stop = new CancellationTokenSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
