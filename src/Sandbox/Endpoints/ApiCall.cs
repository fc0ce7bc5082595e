using System.Net;
using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>One WeChat API request as a handler sees it: the JSON body, the query, and who the call is for.</summary>
public sealed class ApiCall(HttpContext http, string api, JsonObject body, SandboxWorld world)
{
    public HttpContext Http { get; } = http;

    public string Api { get; } = api;

    public string? ComponentAppId { get; private set; }

    public string? AuthorizerAppId { get; set; }

    public string? Query(string name) => Http.Request.Query[name].FirstOrDefault();

    public string? Text(string name) => Text(body, name);

    public static string? Text(JsonObject? from, string name) =>
        from?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public string RequiredText(string name, int errorCode = WeChatErrorCodes.DataFormatError) =>
        Text(name) is { Length: > 0 } text ? text : throw new SandboxApiError(errorCode);

    public JsonNode? Node(string name) => body[name];

    public int? Integer(string name) => body[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    /// <summary>The platform named in the body: 40013 when unknown, 61004 when the caller's IP is not whitelisted.</summary>
    public SandboxComponent Component(string field = "component_appid")
    {
        var component = world.Options.FindComponent(Text(field)) ?? throw new SandboxApiError(WeChatErrorCodes.InvalidAppId);
        return Admit(component);
    }

    /// <summary>Checks the component_access_token (either query name) and that it belongs to <paramref name="component"/>.</summary>
    public void RequireComponentToken(SandboxComponent component)
    {
        var token = RequireToken(Query("component_access_token") ?? Query("access_token"), TokenKind.Component);
        if (token.ComponentAppId != component.AppId)
        {
            throw new SandboxApiError(WeChatErrorCodes.InvalidAppId);
        }
    }

    /// <summary>Checks an authorizer_access_token and that its platform's whitelist admits the caller.</summary>
    public IssuedToken RequireAuthorizerToken()
    {
        var token = RequireToken(Query("access_token"), TokenKind.Authorizer);
        AuthorizerAppId = token.AuthorizerAppId;
        Admit(world.Options.FindComponent(token.ComponentAppId) ?? throw new SandboxApiError(WeChatErrorCodes.InvalidComponent));
        return token;
    }

    /// <summary>Any access token of either kind: quota APIs accept the platform's and its accounts' tokens.</summary>
    public IssuedToken RequireAnyToken()
    {
        var value = Query("access_token") ?? Query("component_access_token");
        var kind = world.Tokens.Find(value ?? "")?.Kind ?? TokenKind.Component;
        if (kind is not (TokenKind.Component or TokenKind.Authorizer))
        {
            throw new SandboxApiError(WeChatErrorCodes.InvalidCredential);
        }

        var token = RequireToken(value, kind);
        AuthorizerAppId = token.AuthorizerAppId;
        Admit(world.Options.FindComponent(token.ComponentAppId) ?? throw new SandboxApiError(WeChatErrorCodes.InvalidComponent));
        return token;
    }

    /// <summary>Counts the call against <paramref name="owner"/>'s daily quota of this API: 45009 once used up.</summary>
    public void UseQuota(string owner)
    {
        if (!world.Quotas.TryUse(owner, Api))
        {
            throw new SandboxApiError(WeChatErrorCodes.DailyQuotaReached);
        }
    }

    /// <summary>
    /// The API needs a permission set: 61007 when the platform never declared it, 48001 when the account did not
    /// grant it (or no longer authorizes the platform).
    /// </summary>
    public void RequirePermission(SandboxComponent component, string authorizerAppId, int permissionSet)
    {
        if (!component.PermissionSets.Contains(permissionSet))
        {
            throw new SandboxApiError(SandboxErrorCodes.ApiUnauthorizedToComponent);
        }

        var authorization = world.Authorizations.Find(component.AppId, authorizerAppId);
        if (authorization is not { Active: true } || !authorization.PermissionSets.Contains(permissionSet))
        {
            throw new SandboxApiError(WeChatErrorCodes.ApiUnauthorized);
        }
    }

    private IssuedToken RequireToken(string? value, TokenKind kind)
    {
        var (token, errorCode) = world.Tokens.Check(value, kind);
        return token ?? throw new SandboxApiError(errorCode);
    }

    private SandboxComponent Admit(SandboxComponent component)
    {
        ComponentAppId = component.AppId;
        if (!IsWhitelisted(component, Http.Connection.RemoteIpAddress))
        {
            throw new SandboxApiError(WeChatErrorCodes.ClientIpNotRegistered);
        }

        return component;
    }

    private static bool IsWhitelisted(SandboxComponent component, IPAddress? caller)
    {
        if (caller is null)
        {
            return false;
        }

        var normalized = caller.IsIPv4MappedToIPv6 ? caller.MapToIPv4() : caller;
        return component.AllowedClientIps.Exists(ip => IPAddress.TryParse(ip, out var allowed) && allowed.Equals(normalized));
    }
}
