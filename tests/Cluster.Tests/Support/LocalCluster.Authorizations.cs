using System.Net.Http.Json;
using System.Text.Json;

namespace Cluster.Tests.Support;

public sealed partial class LocalCluster
{
    /// <summary>The account revokes the authorization in the sandbox; true once the gateway answered WeChat's unauthorized event (within 10 s).</summary>
    public async Task<bool> RevokeAsync(string authorizerAppId)
    {
        using var sandbox = new HttpClient { BaseAddress = new Uri(Sandbox.Url) };
        var answeredBefore = await AnsweredPushesAsync(sandbox, "unauthorized");
        using (var response = await sandbox.PostAsync($"/sandbox/api/components/{ComponentAppId}/authorizations/{authorizerAppId}/revoke", null))
        {
            response.EnsureSuccessStatusCode();
        }

        try
        {
            await Eventually.Until(async () => await AnsweredPushesAsync(sandbox, "unauthorized") > answeredBefore, TimeSpan.FromSeconds(10));
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The account authorizes as a browser does: approved in the sandbox (with no event), then the callback page; true when it shows success.</summary>
    public async Task<bool> AuthorizeThroughCallbackAsync(string authorizerAppId)
    {
        using var sandbox = new HttpClient { BaseAddress = new Uri(Sandbox.Url) };
        using var approval = await sandbox.PostAsJsonAsync($"/sandbox/api/components/{ComponentAppId}/authorizations",
            new { authorizer_appid = authorizerAppId, push_event = false });
        approval.EnsureSuccessStatusCode();
        var code = (await approval.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("auth_code").GetString()!;
        using var page = await Api.GetAsync($"/wechat/{ComponentAppId}/authorize/callback?auth_code={Uri.EscapeDataString(code)}");
        return page.IsSuccessStatusCode;
    }

    private async Task AuthorizeAllAsync()
    {
        using var sandbox = new HttpClient { BaseAddress = new Uri(Sandbox.Url) };
        foreach (var account in All)
        {
            using var response = await sandbox.PostAsJsonAsync($"/sandbox/api/components/{ComponentAppId}/authorizations", new { authorizer_appid = account });
            response.EnsureSuccessStatusCode();
        }

        await Eventually.Until(async () => (await AuthorizersAsync()).Count(a => a.Status == "authorized") == All.Count(), TimeSpan.FromSeconds(60),
            "the sandbox's authorizations all reached the cluster");
    }

    private static async Task<int> AnsweredPushesAsync(HttpClient sandbox, string kind) =>
        (await sandbox.GetFromJsonAsync<List<SandboxPush>>("/sandbox/api/pushes", Json))!.Count(p => p.Kind == kind && p.Outcome == "delivered");
}

public sealed record SandboxPush(DateTimeOffset At, string Kind, int Attempt, int? StatusCode, string Outcome);
