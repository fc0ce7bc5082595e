using Sandbox.Endpoints;
using Sandbox.State;

namespace Sandbox.CodeManagement;

/// <summary>Who may manage a mini program's code: an authorizer token of a mini program (85015 otherwise) granting set 18 (61007 / 48001).</summary>
internal static class MiniProgramAccess
{
    public static IssuedToken Require(ApiCall call, SandboxWorld world)
    {
        var token = call.RequireAuthorizerToken();
        if (world.FindAccount(token.AuthorizerAppId)?.Kind != SandboxAccountKind.MiniProgram)
        {
            throw new SandboxApiError(CodeErrors.NotMiniProgram);
        }

        PermissionCheck.Require(world, token, CodeApis.PermissionSet);
        return token;
    }

    public static AuditDesk Desk(this ApiCall call) => call.Http.RequestServices.GetRequiredService<AuditDesk>();
}
