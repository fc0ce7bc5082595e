using Sandbox.Endpoints;
using Sandbox.State;

namespace Sandbox.CodeManagement;

/// <summary>
/// Who may manage a mini program's code: an authorizer token of a mini program (85015 otherwise) granting set 18, or
/// another set an API also takes (61007 / 48001).
/// </summary>
internal static class MiniProgramAccess
{
    public static IssuedToken Require(ApiCall call, SandboxWorld world) => Require(call, world, CodeApis.PermissionSet);

    public static IssuedToken Require(ApiCall call, SandboxWorld world, params int[] permissionSets)
    {
        var token = call.RequireAuthorizerToken();
        if (world.FindAccount(token.AuthorizerAppId)?.Kind != SandboxAccountKind.MiniProgram)
        {
            throw new SandboxApiError(CodeErrors.NotMiniProgram);
        }

        PermissionCheck.Require(world, token, permissionSets);
        return token;
    }

    public static AuditDesk Desk(this ApiCall call) => call.Http.RequestServices.GetRequiredService<AuditDesk>();
}
