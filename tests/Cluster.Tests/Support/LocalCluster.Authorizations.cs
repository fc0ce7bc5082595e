using System.Net.Http.Json;
using System.Text.Json;

namespace Cluster.Tests.Support;

public sealed partial class LocalCluster
{
    /// <summary>The account revokes the authorization in the sandbox; true once the gateway answered WeChat's unauthorized event.</summary>
    public async Task<bool> RevokeAsync(string authorizerAppId)
    {
        using var sandbox = new HttpClient { BaseAddress = new Uri(Sandbox.Url) };
        var answeredBefore = await AnsweredPushesAsync(sandbox, "unauthorized");
        using (var response = await sandbox.PostAsync($"/sandbox/api/components/{ComponentAppId}/authorizations/{authorizerAppId}/revoke", null))
        {
            response.EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 100; i++)
        {
            if (await AnsweredPushesAsync(sandbox, "unauthorized") > answeredBefore)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
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

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await AuthorizersAsync()).Count(a => a.Status == "authorized") < All.Count())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The sandbox's authorizations did not all reach the cluster within 60 s.");
            }

            await Task.Delay(500);
        }
    }

    private static async Task<int> AnsweredPushesAsync(HttpClient sandbox, string kind) =>
        (await sandbox.GetFromJsonAsync<List<SandboxPush>>("/sandbox/api/pushes", Json))!.Count(p => p.Kind == kind && p.Outcome == "delivered");
}

public sealed record SandboxPush(DateTimeOffset At, string Kind, int Attempt, int? StatusCode, string Outcome);
