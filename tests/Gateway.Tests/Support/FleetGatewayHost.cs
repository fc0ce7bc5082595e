using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gateway.Tests.Support;

/// <summary>
/// The development gateway whose sandbox holds a small fleet: four mini programs and an official account, all
/// authorizing the demo platform. <see cref="StartCampaignAsync"/> runs a campaign across them to where the status
/// page has something of everything to show.
/// </summary>
public sealed class FleetGatewayHost : GatewayHost
{
    public static readonly string[] MiniPrograms = ["wx5a4db0f1ee000001", "wx5a4db0f1ee000002", "wx5a4db0f1ee000003", "wx5a4db0f1ee000004"];
    public const string OfficialAccount = "wx5a4db0f1ee0000aa";

    public const string NotInitialized = "the mini program has not completed its initialization (name, avatar, introduction) (86002)";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        MiniPrograms.Select((appId, i) => (appId, i, kind: "MiniProgram"))
            .Append((appId: OfficialAccount, i: MiniPrograms.Length, kind: "OfficialAccount"))
            .SelectMany(a => new KeyValuePair<string, string?>[]
            {
                new($"Sandbox:Accounts:{a.i}:AppId", a.appId),
                new($"Sandbox:Accounts:{a.i}:UserName", $"gh_f1ee{a.i:D8}"),
                new($"Sandbox:Accounts:{a.i}:NickName", $"车队 Fleet {a.i + 1}"),
                new($"Sandbox:Accounts:{a.i}:Kind", a.kind),
            });

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var appId in MiniPrograms.Append(OfficialAccount))
        {
            await AuthorizeAsync(appId);
        }
    }

    /// <summary>
    /// A campaign across the fleet with one audit a day: two mini programs fail their commit with 86002 (a sandbox
    /// fault), the official account fails before WeChat is called, one mini program is audited and approved by the
    /// sandbox's reviewer (its event through the message route), and the last one waits for tomorrow's audit.
    /// </summary>
    public async Task<string> StartCampaignAsync()
    {
        using (var fault = await Http.PostAsJsonAsync("/sandbox/api/faults", new { kind = "error_code", count = 2, api = "wxa/commit", errcode = 86002 }))
        {
            fault.EnsureSuccessStatusCode();
        }

        using var started = await Api.PostAsJsonAsync($"/api/components/{ComponentAppId}/releases", new
        {
            template_id = 1, user_version = "3.0.0", user_desc = "fleet", release = "manual", audits_per_day = 1,
            accounts = MiniPrograms.Append(OfficialAccount),
        });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // The wave that commits asks for no audit quota (nothing was committed when it began), and the next wave would
        // wait for the campaign's reminder: /resume asks for the quota at once.
        await Eventually.Until(() => CampaignAsync(id), c => Count(c, "failed") == 3 && Count(c, "committed") == 2, what: "two accounts committed, three failed");
        using (var resumed = await Api.PostAsync($"/api/components/{ComponentAppId}/releases/{id}/resume", null))
        {
            resumed.EnsureSuccessStatusCode();
        }

        var waiting = await Eventually.Until(() => CampaignAsync(id),
            c => Count(c, "failed") == 3 && Count(c, "committed") == 1 && Count(c, "auditing") == 1 && c.GetProperty("waiting_for").GetString() == "audit_quota",
            what: "the campaign has failed three accounts, submitted one and waits for tomorrow's audit");
        var audited = await Api.GetFromJsonAsync<JsonElement>($"/api/components/{ComponentAppId}/releases/{id}/accounts?stage=auditing");
        var auditing = audited[0].GetProperty("authorizer_appid").GetString()!;
        using (var decided = await Http.PostAsJsonAsync($"/sandbox/api/components/{ComponentAppId}/authorizations/{auditing}/audit", new { verdict = "approve" }))
        {
            decided.EnsureSuccessStatusCode();
        }

        await Eventually.Until(() => CampaignAsync(id), c => Count(c, "approved") == 1, what: "the audited account is approved");
        Assert.NotEqual(JsonValueKind.Null, waiting.GetProperty("next_attempt_at").ValueKind);
        return id;
    }

    public Task<JsonElement> CampaignAsync(string id) => Api.GetFromJsonAsync<JsonElement>($"/api/components/{ComponentAppId}/releases/{id}");

    /// <summary>The status page's HTML as an operator signed in with the full-access key sees it.</summary>
    public async Task<string> StatusPageAsync(string query = "")
    {
        using var login = await Http.PostAsync("/status/login", new FormUrlEncodedContent([new("key", ApiKey)]));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status" + query);
        request.Headers.Add("Cookie", string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        using var page = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    private static long Count(JsonElement campaign, string stage) => campaign.GetProperty("counts").GetProperty(stage).GetInt64();
}
