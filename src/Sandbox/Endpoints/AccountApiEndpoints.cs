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
        var toUser = call.RequiredText("touser");
        var msgType = call.RequiredText("msgtype");
        world.Journal.Record(new CustomerServiceMessage(
            world.Time.GetUtcNow(), token.ComponentAppId, token.AuthorizerAppId!, toUser, msgType, call.Node("text")?["content"]?.GetValue<string>()));
        return ApiPipeline.Ok();
    }

    private static object GetTicket(ApiCall call, SandboxWorld world)
    {
        var token = call.RequireAuthorizerToken();
        var (kind, lifetime) = call.Query("type") switch
        {
            "jsapi" => (TokenKind.JsApiTicket, world.Options.JsApiTicketLifetime),
            "wx_card" => (TokenKind.CardTicket, world.Options.CardTicketLifetime),
            _ => throw new SandboxApiError(WeChatErrorCodes.DataFormatError),
        };

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
