using System.Net.Http.Json;
using System.Text.Json;

namespace WeChat.Tests.Support;

/// <summary>WeChat API calls written as raw JSON over HTTP, for the APIs and answers the product's client does not model.</summary>
internal static class ScenarioCalls
{
    public static async Task<JsonElement> PostAsync(this SandboxScenario scenario, string api, object body, string? token = null, string tokenName = "access_token")
    {
        var query = token is null ? "" : $"?{tokenName}={Uri.EscapeDataString(token)}";
        using var content = body as HttpContent ?? JsonContent.Create(body);
        using var response = await scenario.Http.PostAsync($"{scenario.Sandbox.BaseUrl}/{api}{query}", content);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static int ErrCode(this JsonElement answer) =>
        answer.TryGetProperty("errcode", out var code) ? code.GetInt32() : 0;

    /// <summary>A component token, and <paramref name="authorizerAppId"/> authorized and its code exchanged: the raw api_query_auth answer.</summary>
    public static async Task<(string ComponentToken, JsonElement AuthorizationInfo)> AuthorizedAsync(this SandboxScenario scenario, string authorizerAppId = TestComponent.OfficialAccount)
    {
        var token = await scenario.ComponentTokenAsync(scenario.Client());
        var code = await scenario.AuthorizeAsync(authorizerAppId);
        var answer = await scenario.PostAsync(WeChat.Api.ComponentApis.QueryAuth,
            new { component_appid = TestComponent.AppId, authorization_code = code }, token, "component_access_token");
        return (token, answer.GetProperty("authorization_info"));
    }

    public static string AuthorizerToken(this JsonElement authorizationInfo) =>
        authorizationInfo.GetProperty("authorizer_access_token").GetString()!;
}
