using System.Globalization;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>
/// The control API's stand-ins for a user's phone, so tests need no browser: the code a web-page OAuth redirect would
/// carry, and the code a mini program's wx.login would return. The user is named by the openid the account knows
/// (a new user gets it when nobody has it), by the sandbox's <c>user_id</c> (the same person under another account), or is new.
/// </summary>
internal static class UserControlEndpoints
{
    private const int MaxLoginCodes = 1_000_000;

    public static void MapUserControlApi(this IEndpointRouteBuilder routes)
    {
        var authorization = routes.MapGroup("/sandbox/api/components/{componentAppId}/authorizations/{authorizerAppId}").ExcludeFromDescription();
        authorization.MapPost("/oauth-codes", IssueOAuthCodeAsync);
        authorization.MapPost("/login-codes", IssueLoginCodeAsync);
    }

    private static async Task<IResult> IssueOAuthCodeAsync(string componentAppId, string authorizerAppId, HttpContext http, SandboxWorld world)
    {
        var request = await ControlJson.ReadAsync<OAuthCodeRequest>(http);
        var scope = request.Scope ?? OAuthScopes.Base;
        if (Find(world, componentAppId, authorizerAppId) is not var (component, account))
        {
            return NoSuchAccount();
        }

        if (account.Kind != SandboxAccountKind.OfficialAccount)
        {
            return Results.Problem(statusCode: 400, title: "Not an official account",
                detail: $"{account.AppId} is a mini program: its users sign in with wx.login (login-codes), not web-page OAuth.");
        }

        if (world.Authorizations.Find(component.AppId, account.AppId) is not { Active: true })
        {
            return Results.Problem(statusCode: 400, title: "Not authorized",
                detail: $"{account.AppId} does not authorize {component.AppId}; WeChat's OAuth page would refuse.");
        }

        if (!OAuthScopes.IsValid(scope))
        {
            return Results.Problem(statusCode: 400, title: "Invalid scope", detail: $"scope must be {OAuthScopes.Base} or {OAuthScopes.UserInfo}.");
        }

        if (FindUser(world, account, request.OpenId, request.UserId) is not { } user)
        {
            return NoSuchUser();
        }

        var code = world.UserCodes.Issue(UserCodeKind.OAuth, component.AppId, account.AppId, user, scope);
        return Results.Json(new { Code = code.Value, OpenId = world.Users.OpenId(user, account.AppId), UserId = user.Id }, ControlJson.Options);
    }

    // wx.login works for any mini program, authorized or not: a platform it does not authorize learns so from jscode2session (61003).
    // ?count=N issues N codes at once (a list; a new user for each unless the body names one), for load tests.
    private static async Task<IResult> IssueLoginCodeAsync(string componentAppId, string authorizerAppId, string? count, HttpContext http, SandboxWorld world)
    {
        var request = await ControlJson.ReadAsync<LoginCodeRequest>(http);
        if (Find(world, componentAppId, authorizerAppId) is not var (_, account))
        {
            return NoSuchAccount();
        }

        if (account.Kind != SandboxAccountKind.MiniProgram)
        {
            return Results.Problem(statusCode: 400, title: "Not a mini program",
                detail: $"{account.AppId} is an official account: only mini programs call wx.login; use oauth-codes.");
        }

        var many = 0;
        if (count is not null && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out many) || many is < 1 or > MaxLoginCodes))
        {
            return Results.Problem(statusCode: 400, title: "Invalid count", detail: $"count must be a whole number from 1 to {MaxLoginCodes:N0}.");
        }

        if (FindUser(world, account, request.OpenId, request.UserId) is not { } user)
        {
            return NoSuchUser();
        }

        var named = request.OpenId is not null || request.UserId is not null;
        var users = new List<SandboxUser>(Math.Max(1, many)) { user };
        while (users.Count < many)
        {
            users.Add(named ? user : NewUser(world));
        }

        var codes = world.UserCodes.Issue(UserCodeKind.JsCode, null, account.AppId, users)
            .Select(code => new { JsCode = code.Value, OpenId = world.Users.OpenId(code.User, account.AppId), UserId = code.User.Id })
            .ToList();
        return count is null ? Results.Json(codes[0], ControlJson.Options) : Results.Json(codes, ControlJson.Options);
    }

    private static (SandboxComponent, SandboxAccount)? Find(SandboxWorld world, string componentAppId, string authorizerAppId) =>
        (world.Options.FindComponent(componentAppId), world.FindAccount(authorizerAppId)) is ({ } component, { } account) ? (component, account) : null;

    private static SandboxUser? FindUser(SandboxWorld world, SandboxAccount account, string? openId, string? userId) =>
        userId is not null ? world.Users.Find(userId)
        : openId is not null ? world.Users.ForOpenId(account.AppId, openId)
        : NewUser(world);

    private static SandboxUser NewUser(SandboxWorld world) => world.Users.Create($"沙盒用户 {world.Users.Count + 1}");

    private static IResult NoSuchAccount() => Results.Problem(statusCode: 404, title: "No such platform or account");

    private static IResult NoSuchUser() => Results.Problem(statusCode: 400, title: "No such user", detail: "user_id names no sandbox user.");

    private sealed record OAuthCodeRequest(string? OpenId, string? Scope, string? UserId);

    private sealed record LoginCodeRequest(string? OpenId, string? UserId);
}
