using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>
/// The permission set (func_info id) an API needs: 61007 when the platform never declared it, 48001 when the
/// account did not grant it. Ids as WeChat numbers them: 1 消息管理, 4 网页服务, 8 卡券, 19 小程序客服消息.
/// </summary>
internal static class PermissionCheck
{
    public const int Messages = 1;
    public const int WebPages = 4;
    public const int Cards = 8;
    public const int MiniProgramCustomerService = 19;

    /// <summary>Passes when one of <paramref name="permissionSets"/> is both declared by the platform and granted by the account.</summary>
    public static void Require(SandboxWorld world, IssuedToken token, params int[] permissionSets)
    {
        var declared = world.Options.FindComponent(token.ComponentAppId)?.PermissionSets.Intersect(permissionSets).ToList() ?? [];
        if (declared.Count == 0)
        {
            throw new SandboxApiError(SandboxErrorCodes.ApiUnauthorizedToComponent);
        }

        if (world.Authorizations.Find(token.ComponentAppId, token.AuthorizerAppId!) is not { } authorization || !authorization.PermissionSets.Intersect(declared).Any())
        {
            throw new SandboxApiError(WeChatErrorCodes.ApiUnauthorized);
        }
    }
}
