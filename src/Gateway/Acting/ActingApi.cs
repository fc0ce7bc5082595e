using Gateway.Access;

namespace Gateway.Acting;

/// <summary>The routes that act for an account with the platform's component token or the account's ticket; all need the act scope.</summary>
internal static class ActingApi
{
    public static void MapActing(this RouteGroupBuilder api)
    {
        var account = api.MapGroup("/authorizers/{authorizerAppId}").WithTags("Acting for accounts").RequireAuthorization(ApiScopes.Act);
        account.MapOAuth();
        account.MapMiniProgramLogin();
        account.MapJsSdk();
    }
}
