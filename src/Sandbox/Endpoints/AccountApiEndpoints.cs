using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>APIs a platform calls on behalf of an authorizer, with its authorizer_access_token.</summary>
internal static class AccountApiEndpoints
{
    public static void MapAccountApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", ComponentApis.CustomSend, SendCustomMessage);
        routes.MapWeChatApi("GET", ComponentApis.GetTicket, GetTicket);
    }

    private static object SendCustomMessage(ApiCall call, SandboxWorld world)
    {
        var token = call.RequireAuthorizerToken();
        var account = world.FindAccount(token.AuthorizerAppId);
        PermissionCheck.Require(world, token, account?.Kind == SandboxAccountKind.MiniProgram ? PermissionCheck.MiniProgramCustomerService : PermissionCheck.Messages);
        var toUser = call.RequiredText("touser");
        var msgType = call.RequiredText("msgtype");
        var content = msgType == "text" ? TextContent(call.Node("text")) : null;
        if (!world.Users.Knows(token.AuthorizerAppId!, toUser))
        {
            throw new SandboxApiError(SandboxErrorCodes.InvalidOpenId);
        }

        if (!world.Conversations.IsOpen(token.AuthorizerAppId!, toUser))
        {
            throw new SandboxApiError(SandboxErrorCodes.ResponseWindowClosed);
        }

        world.Journal.Record(new CustomerServiceMessage(world.Time.GetUtcNow(), token.ComponentAppId, token.AuthorizerAppId!, toUser, msgType, content));
        return ApiPipeline.Ok();
    }

    // No text object or an empty content is "empty content" (44004); a content that is not a string is malformed (47001).
    private static string TextContent(JsonNode? text)
    {
        if (text is not JsonObject body || body["content"] is not { } content)
        {
            throw new SandboxApiError(SandboxErrorCodes.EmptyContent);
        }

        if (content is not JsonValue value || !value.TryGetValue<string>(out var s))
        {
            throw new SandboxApiError(WeChatErrorCodes.DataFormatError);
        }

        return s.Length > 0 ? s : throw new SandboxApiError(SandboxErrorCodes.EmptyContent);
    }

    private static object GetTicket(ApiCall call, SandboxWorld world)
    {
        var token = call.RequireAuthorizerToken();
        var (kind, lifetime, permissionSet) = call.Query("type") switch
        {
            "jsapi" => (TokenKind.JsApiTicket, world.Options.JsApiTicketLifetime, PermissionCheck.WebPages),
            "wx_card" => (TokenKind.CardTicket, world.Options.CardTicketLifetime, PermissionCheck.Cards),
            _ => throw new SandboxApiError(WeChatErrorCodes.DataFormatError),
        };
        PermissionCheck.Require(world, token, permissionSet);

        // Each type is its own ticket: a new card ticket leaves the jsapi_ticket as it was, and the other way round.
        var ticket = world.Tokens.Issue(kind, token.ComponentAppId, token.AuthorizerAppId, lifetime);
        return new JsonObject
        {
            ["errcode"] = 0,
            ["errmsg"] = "ok",
            ["ticket"] = ticket.Value,
            ["expires_in"] = (int)lifetime.TotalSeconds,
        };
    }
}
