using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>One WeChat API request as a handler sees it: the JSON body, the query, and who the call is for.</summary>
public sealed class ApiCall(HttpContext http, string api, JsonObject body, SandboxOptions options, TokenIssuer tokens, QuotaBook quotas)
{
    public HttpContext Http { get; } = http;

    public string? ComponentAppId { get; private set; }

    public string? AuthorizerAppId { get; set; }

    /// <summary>No body at all (or only whitespace), which APIs that require a literal <c>{}</c> refuse with 44002.</summary>
    public bool BodyIsEmpty { get; init; }

    public string? Query(string name) => Http.Request.Query[name].FirstOrDefault();

    public string? Text(string name) => body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public string RequiredText(string name, int errorCode = WeChatErrorCodes.DataFormatError) =>
        Text(name) is { Length: > 0 } text ? text : throw new SandboxApiError(errorCode);

    public JsonNode? Node(string name) => body[name];

    public int? Integer(string name) => body[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    /// <summary>A number, or a string of digits (older pages type ids such as draft_id and template_id as strings).</summary>
    public long? Id(string name) => body[name] switch
    {
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        JsonValue value when value.TryGetValue<string>(out var text) && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public bool Flag(string name) => body[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    /// <summary>
    /// The platform named in the body: 40013 when unknown, 61004 when the caller's IP is not whitelisted, 45009 past the
    /// quota; an API whose quota is per account passes <paramref name="chargedAccount"/>'s field instead of the platform.
    /// </summary>
    public SandboxComponent Component(string field = "component_appid", string? chargedAccount = null)
    {
        var component = options.FindComponent(Text(field)) ?? throw new SandboxApiError(WeChatErrorCodes.InvalidAppId);
        return Admit(component, chargedAccount is null ? component.AppId : RequiredText(chargedAccount));
    }

    /// <summary>The platform named by the <c>component_appid</c> query parameter, admitted as <see cref="Component"/> admits it.</summary>
    public SandboxComponent QueryComponent()
    {
        var component = options.FindComponent(Query("component_appid")) ?? throw new SandboxApiError(WeChatErrorCodes.InvalidAppId);
        return Admit(component, component.AppId);
    }

    /// <summary>
    /// Checks the component_access_token (either query name) and that it belongs to <paramref name="component"/>; another
    /// kind of token gets <paramref name="wrongTokenError"/>, which the sns APIs answer differently from the component APIs.
    /// </summary>
    public void RequireComponentToken(SandboxComponent component, int wrongTokenError = WeChatErrorCodes.MustUseComponentToken)
    {
        var (token, errorCode) = tokens.Check(Query("component_access_token") ?? Query("access_token"), TokenKind.Component);
        if (token is null)
        {
            throw new SandboxApiError(errorCode == WeChatErrorCodes.MustUseComponentToken ? wrongTokenError : errorCode);
        }

        if (token.ComponentAppId != component.AppId)
        {
            throw new SandboxApiError(WeChatErrorCodes.InvalidAppId);
        }
    }

    /// <summary>Checks a component_access_token of an API that names no platform and returns the platform it belongs to.</summary>
    public SandboxComponent RequireComponentTokenOwner()
    {
        var token = RequireToken(Query("component_access_token") ?? Query("access_token"), TokenKind.Component);
        return Admit(options.FindComponent(token.ComponentAppId) ?? throw new SandboxApiError(WeChatErrorCodes.InvalidComponent), token.ComponentAppId);
    }

    /// <summary>Checks an authorizer_access_token and returns the platform acting with it.</summary>
    public IssuedToken RequireAuthorizerToken()
    {
        var token = RequireToken(Query("access_token"), TokenKind.Authorizer);
        AuthorizerAppId = token.AuthorizerAppId;
        Admit(options.FindComponent(token.ComponentAppId) ?? throw new SandboxApiError(WeChatErrorCodes.InvalidComponent), token.AuthorizerAppId!);
        return token;
    }

    /// <summary>Checks a token of either kind (APIs such as clear_quota accept both) and returns it.</summary>
    public IssuedToken RequireComponentOrAuthorizerToken()
    {
        var value = Query("access_token");
        var kind = tokens.Find(value ?? "")?.Kind == TokenKind.Component ? TokenKind.Component : TokenKind.Authorizer;
        var token = RequireToken(value, kind);
        AuthorizerAppId = token.AuthorizerAppId;
        Admit(options.FindComponent(token.ComponentAppId) ?? throw new SandboxApiError(WeChatErrorCodes.InvalidComponent), token.AuthorizerAppId ?? token.ComponentAppId);
        return token;
    }

    private IssuedToken RequireToken(string? value, TokenKind kind)
    {
        var (token, errorCode) = tokens.Check(value, kind);
        return token ?? throw new SandboxApiError(errorCode);
    }

    private SandboxComponent Admit(SandboxComponent component, string quotaAppId)
    {
        ComponentAppId = component.AppId;
        if (!component.AdmitsCaller(Http.Connection.RemoteIpAddress))
        {
            throw new SandboxApiError(WeChatErrorCodes.ClientIpNotRegistered);
        }

        if (!quotas.TryUse(quotaAppId, api))
        {
            throw new SandboxApiError(WeChatErrorCodes.DailyQuotaReached);
        }

        return component;
    }
}
