using System.Net;
using System.Net.Http.Json;

namespace Cluster.Tests.Support;

/// <summary>Tokens as business services read them through the gateway, and as the sandbox issued them.</summary>
public sealed partial class LocalCluster
{
    /// <summary>How long one ask of a grain through the gateway may take before it is asked again.</summary>
    public static readonly TimeSpan GrainAnswerDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The token the account's grain holds, not one a gateway kept: the refresh route with a token that is not the
    /// current one asks the grain, which answers its current token without calling WeChat, and has no fallback to the
    /// gateway's last token when the grain is slow to answer. Asked again until the grain answers: right after every
    /// silo restarted, an answer can be lost on its way back (the gateway then reports 503, or nothing in time).
    /// </summary>
    public async Task<string> GrainTokenAsync(string authorizerAppId) =>
        (await Eventually.Until(async () =>
        {
            using var attempt = new CancellationTokenSource(GrainAnswerDeadline);
            try
            {
                using var response = await Api.PostAsJsonAsync($"/api/components/{ComponentAppId}/authorizers/{authorizerAppId}/token/refresh",
                    new { rejected_token = "not-the-current-token" }, attempt.Token);
                return response.StatusCode == HttpStatusCode.ServiceUnavailable ? null
                    : (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<TokenBody>(Json, attempt.Token))!.AccessToken;
            }
            catch (OperationCanceledException) when (attempt.IsCancellationRequested)
            {
                return null;
            }
        }, token => token is not null, TimeSpan.FromMinutes(2), $"the grain of {authorizerAppId} answers its token"))!;

    /// <summary>Reads an authorizer's token through the gateway, as a business service does.</summary>
    public async Task<TokenRead> ReadTokenAsync(string authorizerAppId, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await Api.GetAsync($"/api/components/{ComponentAppId}/authorizers/{authorizerAppId}/token", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new TokenRead(null, default, (int)response.StatusCode);
            }

            var token = (await response.Content.ReadFromJsonAsync<TokenBody>(Json, cancellationToken))!;
            return new TokenRead(token.AccessToken, token.ExpiresAt, 200);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new TokenRead(null, default, 0);
        }
    }

    public async Task<string> ComponentTokenAsync() =>
        (await Api.GetFromJsonAsync<TokenBody>($"/api/components/{ComponentAppId}/token", Json))!.AccessToken;

    public async Task<List<AuthorizerBody>> AuthorizersAsync() =>
        (await Api.GetFromJsonAsync<List<AuthorizerBody>>($"/api/components/{ComponentAppId}/authorizers", Json))!;

    /// <summary>The newest authorizer token the sandbox issued the account.</summary>
    public async Task<string> IssuedTokenAsync(string authorizerAppId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Sandbox.Url) };
        var token = await http.GetFromJsonAsync<TokenBody>($"/sandbox/api/components/{ComponentAppId}/authorizations/{authorizerAppId}/token", Json);
        return token!.AccessToken;
    }

    /// <summary>Every successful call of one WeChat API the sandbox answered.</summary>
    public async Task<List<SandboxCall>> WeChatCallsAsync(string api)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Sandbox.Url) };
        var calls = await http.GetFromJsonAsync<List<SandboxCall>>($"/sandbox/api/calls?api=cgi-bin/component/{api}", Json);
        return [.. calls!.Where(c => c.ErrorCode == 0)];
    }
}

public sealed record TokenRead(string? AccessToken, DateTimeOffset ExpiresAt, int Status);

public sealed record TokenBody(string AccessToken, DateTimeOffset ExpiresAt);
