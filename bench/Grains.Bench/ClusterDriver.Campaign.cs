using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Grains.Bench;

/// <summary>
/// B7's client side (bench/b7-campaign.sh): a sandbox of mini programs whose audits end after a few seconds, and one
/// campaign across all of them through the gateway, watched until it is done.
/// <code>
/// Grains.Bench b7 sandbox &lt;port&gt; &lt;gateway&gt; &lt;prefix&gt; &lt;accounts&gt; &lt;audit seconds&gt;
/// Grains.Bench b7 campaign &lt;gateway&gt; &lt;key&gt; &lt;component&gt; &lt;sandbox&gt; &lt;prefix&gt; &lt;accounts&gt; &lt;timeout s&gt;
/// </code>
/// </summary>
internal static partial class ClusterDriver
{
    private static readonly string[] CodeApis = ["wxa/commit", "wxa/submit_audit", "wxa/release", "wxa/queryquota", "wxa/get_latest_auditstatus"];

    public static async Task<int> RunCampaignAsync(string[] args)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        switch (args)
        {
            case ["sandbox", var port, var gateway, var prefix, var accounts, var auditSeconds]:
                return await MiniProgramSandboxAsync(int.Parse(port, CultureInfo.InvariantCulture), gateway, prefix, int.Parse(accounts, CultureInfo.InvariantCulture),
                    TimeSpan.FromSeconds(double.Parse(auditSeconds, CultureInfo.InvariantCulture)));
            case ["campaign", var gateway, var key, var component, var sandbox, var prefix, var accounts, var timeout]:
                return await CampaignAsync(http, gateway, key, component, sandbox, prefix, int.Parse(accounts, CultureInfo.InvariantCulture),
                    TimeSpan.FromSeconds(double.Parse(timeout, CultureInfo.InvariantCulture)));
            default:
                Console.Error.WriteLine("usage: see bench/Grains.Bench/ClusterDriver.Campaign.cs");
                return 2;
        }
    }

    /// <summary>As <c>b5 sandbox</c>, with mini programs, an audit quota for all of them, and reviews approved after <paramref name="audit"/>.</summary>
    private static async Task<int> MiniProgramSandboxAsync(int port, string gateway, string prefix, int accounts, TimeSpan audit)
    {
        await using var sandbox = await Sandbox.SandboxServer.StartAsync(options =>
        {
            options.IncludeReleaseTestAccounts = false;
            options.CodeManagement.AuditDuration = audit;
            options.CodeManagement.MonthlyAuditQuota = accounts + 100;
            var platform = Sandbox.DemoPlatform.Component(gateway);
            platform.AllowedClientIps.AddRange(["127.0.0.1", "::1"]);
            options.Components.Add(platform);
            options.Accounts.AddRange(Enumerable.Range(0, accounts).Select(i => new Sandbox.SandboxAccount
            {
                AppId = Account(prefix, i),
                UserName = "gh_b7" + i.ToString("D10", CultureInfo.InvariantCulture),
                NickName = "bench mini program " + i.ToString(CultureInfo.InvariantCulture),
                Kind = Sandbox.SandboxAccountKind.MiniProgram,
            }));
        }, port: port, logging: l => l.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning));
        Console.Error.WriteLine($"sandbox on {sandbox.BaseUrl} with {accounts:N0} mini programs, audits of {audit.TotalSeconds:0.#} s");
        await UntilTerminatedAsync();
        return 0;
    }

    /// <summary>Starts one campaign naming every account, waits until it is done, and counts the sandbox's calls per account.</summary>
    private static async Task<int> CampaignAsync(HttpClient http, string gateway, string key, string component, string sandbox, string prefix, int accounts, TimeSpan timeout)
    {
        var names = Enumerable.Range(0, accounts).Select(i => Account(prefix, i)).ToArray();
        using var start = new HttpRequestMessage(HttpMethod.Post, $"{gateway}/api/components/{component}/releases")
        {
            Content = JsonContent.Create(new { template_id = 1, user_version = "7.0.0", user_desc = "B7", ext_json = new { extAppid = "{authorizer_appid}" }, accounts = names }),
        };
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var watch = Stopwatch.StartNew();
        using var started = await http.SendAsync(start);
        if (!started.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"the campaign was not started: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
            return 1;
        }

        var location = started.Headers.Location!.OriginalString;
        JsonElement campaign;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            using var read = new HttpRequestMessage(HttpMethod.Get, gateway + location);
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(read);
            campaign = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            Console.Error.WriteLine($"{watch.Elapsed.TotalSeconds:F0} s: {campaign.GetProperty("status")} {campaign.GetProperty("counts")}");
        }
        while (campaign.GetProperty("status").GetString() != "done" && watch.Elapsed < timeout);

        var wall = watch.Elapsed;
        Console.WriteLine($"wall_seconds={wall.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"status={campaign.GetProperty("status").GetString()}");
        Console.WriteLine($"released={campaign.GetProperty("counts").GetProperty("released").GetInt64()}");
        var total = 0;
        foreach (var api in CodeApis)
        {
            var calls = await http.GetFromJsonAsync<JsonElement[]>($"{sandbox}/sandbox/api/calls?api={Uri.EscapeDataString(api)}", Json);
            var ours = calls!.Count(c => c.GetProperty("authorizer_app_id").GetString()?.StartsWith(prefix, StringComparison.Ordinal) == true);
            total += ours;
            Console.WriteLine($"calls_{api.Replace('/', '_')}={ours}");
        }

        Console.WriteLine($"calls_per_account={((double)total / accounts).ToString("F2", CultureInfo.InvariantCulture)}");
        return campaign.GetProperty("status").GetString() == "done" ? 0 : 1;
    }
}
