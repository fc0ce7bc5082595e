using Sandbox.State;
using WeChat.Xml;

namespace Sandbox.Endpoints;

/// <summary>
/// The sandbox's own API (not WeChat's) under <c>/sandbox</c>: inspect calls and pushes, inject faults,
/// expire tokens, refuse refresh tokens, exhaust quotas, approve or revoke authorizations, push tickets and messages.
/// </summary>
internal static class ControlEndpoints
{
    public static void MapControlApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/sandbox/api").ExcludeFromDescription();

        api.MapGet("/calls", (SandboxWorld world, string? api) => Results.Json(world.Calls.All(api), ControlJson.Options));
        api.MapDelete("/calls", (SandboxWorld world) =>
        {
            world.Calls.Clear();
            return Results.NoContent();
        });
        api.MapGet("/pushes", (SandboxWorld world) => Results.Json(world.Journal.Pushes(), ControlJson.Options));
        api.MapGet("/customer-service-messages", (SandboxWorld world) => Results.Json(world.Journal.CustomerServiceMessages(), ControlJson.Options));

        api.MapPost("/faults", async (HttpContext http, SandboxWorld world) =>
        {
            var request = await ControlJson.ReadAsync<FaultRequest>(http);
            if (request.Count < 1)
            {
                return Results.BadRequest("count must be at least 1");
            }

            world.Faults.Add(new Fault(request.Kind, request.Count, request.Api,
                request.Errcode, request.DelayMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null));
            return Results.NoContent();
        });
        api.MapDelete("/faults", (SandboxWorld world) =>
        {
            world.Faults.Clear();
            return Results.NoContent();
        });

        api.MapPost("/tokens/expire", async (HttpContext http, SandboxWorld world) =>
            world.Tokens.Expire((await ControlJson.ReadAsync<TokenRequest>(http)).Token) ? Results.NoContent() : Results.NotFound());
        api.MapPost("/tokens/invalidate", async (HttpContext http, SandboxWorld world) =>
            world.Tokens.Invalidate((await ControlJson.ReadAsync<TokenRequest>(http)).Token) ? Results.NoContent() : Results.NotFound());
        api.MapPost("/quota/exhaust", async (HttpContext http, SandboxWorld world) =>
        {
            var request = await ControlJson.ReadAsync<QuotaRequest>(http);
            world.Quotas.Exhaust(request.Appid, request.Api);
            return Results.NoContent();
        });

        var component = api.MapGroup("/components/{componentAppId}");
        component.MapPost("/ticket", async (string componentAppId, SandboxWorld world, CancellationToken ct) =>
            world.Options.FindComponent(componentAppId) is { } c
                ? Results.Json(await world.Pusher.PushTicketAsync(c, ct), ControlJson.Options)
                : Results.NotFound());
        component.MapPost("/release-test", async (string componentAppId, int? group, SandboxWorld world, ReleaseTesting.ReleaseTestRunner runner, CancellationToken ct) =>
            world.Options.FindComponent(componentAppId) is not { } c ? Results.NotFound()
            : group is < 1 or > 5 ? Results.BadRequest("group must be 1 to 5")
            : Results.Json(await runner.RunAsync(c, group, ct), ControlJson.Options));
        component.MapPost("/tickets/expire", (string componentAppId, SandboxWorld world) =>
        {
            world.Tickets.ExpireAll(componentAppId);
            return Results.NoContent();
        });
        component.MapGet("/authorizations", (string componentAppId, SandboxWorld world) =>
            Results.Json(world.Authorizations.Active(componentAppId), ControlJson.Options));
        component.MapPost("/authorizations", async (string componentAppId, HttpContext http, SandboxWorld world) =>
        {
            var request = await ControlJson.ReadAsync<ApproveRequest>(http);
            var c = world.Options.FindComponent(componentAppId);
            var account = world.FindAccount(request.AuthorizerAppid);
            if (c is null || account is null)
            {
                return Results.NotFound();
            }

            var preAuthCode = request.PreAuthCode ?? world.Codes.CreatePreAuthCode(c.AppId).Value;
            if (!world.Codes.TryConsumePreAuthCode(c.AppId, preAuthCode))
            {
                return Results.BadRequest("pre_auth_code is invalid or has already been used");
            }

            var code = world.Approve(c, account, preAuthCode, c.PermissionSets, request.PushEvent ?? true);
            return Results.Json(new { AuthCode = code.Value, ExpiresIn = (int)world.Options.AuthorizationCodeLifetime.TotalSeconds }, ControlJson.Options);
        });
        var authorization = component.MapGroup("/authorizations/{authorizerAppId}");
        authorization.MapPost("/revoke", (string componentAppId, string authorizerAppId, SandboxWorld world) =>
            world.Options.FindComponent(componentAppId) is { } c && world.Revoke(c, authorizerAppId)
                ? Results.NoContent()
                : Results.NotFound());
        authorization.MapGet("/token", (string componentAppId, string authorizerAppId, SandboxWorld world) =>
            world.Tokens.Current(TokenKind.Authorizer, componentAppId, authorizerAppId) is { } token
                ? Results.Json(new { AccessToken = token.Value, token.IssuedAt, token.ExpiresAt }, ControlJson.Options)
                : Results.NotFound());
        authorization.MapPost("/refresh-token/invalidate", (string componentAppId, string authorizerAppId, SandboxWorld world) =>
            world.Authorizations.InvalidateRefreshToken(componentAppId, authorizerAppId) ? Results.NoContent() : Results.NotFound());
        authorization.MapPost("/refresh-token/rotate", (string componentAppId, string authorizerAppId, SandboxWorld world) =>
            world.Authorizations.RotateOnNextRefresh(componentAppId, authorizerAppId) ? Results.NoContent() : Results.NotFound());
        authorization.MapPost("/messages", async (string componentAppId, string authorizerAppId, HttpContext http, SandboxWorld world, CancellationToken ct) =>
        {
            var request = await ControlJson.ReadAsync<MessageRequest>(http);
            var c = world.Options.FindComponent(componentAppId);
            var account = world.FindAccount(authorizerAppId);
            if (c is null || account is null)
            {
                return Results.NotFound();
            }

            var xml = request.Xml ?? PassiveReply.Text(account.UserName, request.OpenId, world.Time.GetUtcNow(), request.Text ?? "");
            var outcome = await world.Pusher.PushMessageAsync(c, authorizerAppId, request.OpenId, account.UserName, WithMsgId(xml), ct);
            return Results.Json(outcome, ControlJson.Options);
        });
    }

    // A text message from a user carries a MsgId; PassiveReply.Text builds the same shape without one.
    private static string WithMsgId(string xml)
    {
        var root = SafeXml.Parse(xml);
        if (root.Value("MsgType") == "text" && root.Element("MsgId") is null)
        {
            root.Add(new System.Xml.Linq.XElement("MsgId", System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue)));
        }

        return root.ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
    }

    private sealed record FaultRequest(FaultKind Kind, int Count, string? Api, int? Errcode, int? DelayMs);

    private sealed record TokenRequest(string Token);

    private sealed record QuotaRequest(string Appid, string Api);

    private sealed record ApproveRequest(string AuthorizerAppid, string? PreAuthCode, bool? PushEvent);

    private sealed record MessageRequest(string OpenId, string? Text, string? Xml);
}
