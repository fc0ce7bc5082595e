using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>APIs a platform calls on behalf of an authorizer, with its authorizer_access_token.</summary>
internal static class AccountApiEndpoints
{
    private static readonly HashSet<string> MessageTypes =
        new(["text", "image", "voice", "video", "music", "news", "mpnews", "msgmenu", "wxcard", "miniprogrampage", "link"], StringComparer.Ordinal);

    public static void MapAccountApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", ComponentApis.CustomSend, SendCustomMessage);
        routes.MapWeChatApi("GET", ComponentApis.GetTicket, GetTicket);
    }

    /// <summary>
    /// 客服消息: only to a user of this account (40003 otherwise) who wrote within the last 48 hours (45015), with
    /// the customer-service permission set granted, and a text message only with a string content (44004, 47001).
    /// </summary>
    private static object SendCustomMessage(ApiCall call, SandboxWorld world)
    {
        var (component, token) = Acting(call, world);
        var account = world.FindAccount(token.AuthorizerAppId) ?? throw new SandboxApiError(WeChatErrorCodes.ComponentNotAuthorized);
        call.RequirePermission(component, account.AppId, PermissionSetCatalog.CustomerService(account.Kind));

        var toUser = call.RequiredText("touser", SandboxErrorCodes.InvalidOpenId);
        var msgType = call.RequiredText("msgtype");
        if (!MessageTypes.Contains(msgType))
        {
            throw new SandboxApiError(SandboxErrorCodes.InvalidMessageType);
        }

        var content = msgType == "text" ? TextContent(call) : null;
        if (msgType != "text" && call.Node(msgType) is not JsonObject)
        {
            throw new SandboxApiError(WeChatErrorCodes.DataFormatError);
        }

        var lastMessage = world.Users.LastMessage(account.AppId, toUser) ?? throw new SandboxApiError(SandboxErrorCodes.InvalidOpenId);
        if (world.Time.GetUtcNow() - lastMessage > world.Options.CustomerServiceWindow)
        {
            throw new SandboxApiError(SandboxErrorCodes.OutOfResponseWindow);
        }

        world.Journal.Record(new CustomerServiceMessage(world.Time.GetUtcNow(), component.AppId, account.AppId, toUser, msgType, content));
        return ApiPipeline.Ok();
    }

    private static string TextContent(ApiCall call)
    {
        var text = call.Node("text") switch
        {
            null => null,
            JsonObject o => o,
            _ => throw new SandboxApiError(WeChatErrorCodes.DataFormatError),
        };
        return text?["content"] switch
        {
            null => throw new SandboxApiError(SandboxErrorCodes.EmptyTextContent),
            JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0 ? s : throw new SandboxApiError(SandboxErrorCodes.EmptyTextContent),
            _ => throw new SandboxApiError(WeChatErrorCodes.DataFormatError),
        };
    }

    /// <summary>jsapi_ticket (网页服务权限) or wx_card api_ticket (卡券权限).</summary>
    private static object GetTicket(ApiCall call, SandboxWorld world)
    {
        var (component, token) = Acting(call, world);
        var (kind, permissionSet) = call.Query("type") switch
        {
            "jsapi" => (TokenKind.JsApiTicket, PermissionSetCatalog.OfficialAccountWebPages),
            "wx_card" => (TokenKind.CardTicket, PermissionSetCatalog.OfficialAccountCards),
            _ => throw new SandboxApiError(WeChatErrorCodes.DataFormatError),
        };
        call.RequirePermission(component, token.AuthorizerAppId!, permissionSet);

        var lifetime = world.Options.JsApiTicketLifetime;
        var ticket = world.Tokens.Issue(kind, token.ComponentAppId, token.AuthorizerAppId, lifetime);
        var answer = ApiPipeline.Ok();
        answer["ticket"] = ticket.Value;
        answer["expires_in"] = (int)lifetime.TotalSeconds;
        return answer;
    }

    private static (SandboxComponent Component, IssuedToken Token) Acting(ApiCall call, SandboxWorld world)
    {
        var token = call.RequireAuthorizerToken();
        call.UseQuota(token.AuthorizerAppId!);
        return (world.Options.FindComponent(token.ComponentAppId)!, token);
    }
}
