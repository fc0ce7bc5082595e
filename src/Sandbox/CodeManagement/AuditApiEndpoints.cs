using System.Text.Json.Nodes;
using Sandbox.Endpoints;
using Sandbox.State;

namespace Sandbox.CodeManagement;

/// <summary>submit_audit, the audit status, undo, speed-up and the platform's audit quota (docs/wechat-code-management.md §3.10-§3.15).</summary>
internal static class AuditApiEndpoints
{
    public static void MapAuditApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", CodeApis.SubmitAudit, Submit);
        routes.MapWeChatApi("POST", CodeApis.GetAuditStatus, Status);
        routes.MapWeChatApi("GET", CodeApis.GetLatestAuditStatus, LatestStatus);
        routes.MapWeChatApi("GET", CodeApis.UndoCodeAudit, Undo);
        routes.MapWeChatApi("POST", CodeApis.SpeedupAudit, Speedup);
        routes.MapWeChatApi("GET", CodeApis.QueryQuota, QueryQuota);
    }

    private static JsonObject Submit(ApiCall call, SandboxWorld world)
    {
        var token = MiniProgramAccess.Require(call, world);
        var audit = call.Desk().Submit(token.ComponentAppId, token.AuthorizerAppId!,
            experience => SubmitAuditRequest.Check(call, experience, world.Options.CodeManagement.Categories));
        var answer = ApiPipeline.Ok();
        answer["auditid"] = audit.AuditId;
        return answer;
    }

    private static JsonObject Status(ApiCall call, SandboxWorld world)
    {
        var token = MiniProgramAccess.Require(call, world);
        var auditId = call.Id("auditid") ?? throw new SandboxApiError(CodeErrors.AuditIdInvalid);
        var audit = world.Versions.Change(token.AuthorizerAppId!, p => p.Find(auditId));
        var answer = ApiPipeline.Ok();
        answer["status"] = (int)audit.Status;
        answer["reason"] = audit.Reason ?? "";
        answer["screenshot"] = audit.ScreenShot ?? "";
        return answer;
    }

    private static JsonObject LatestStatus(ApiCall call, SandboxWorld world)
    {
        var token = MiniProgramAccess.Require(call, world);
        var audit = world.Versions.Change(token.AuthorizerAppId!, p => p.LatestAudit) ?? throw new SandboxApiError(CodeErrors.NoValidAuditId);
        var answer = ApiPipeline.Ok();
        answer["auditid"] = audit.AuditId;
        answer["status"] = (int)audit.Status;
        answer["reason"] = audit.Reason ?? "";
        answer[world.Options.CodeManagement.LatestScreenshotKey] = audit.ScreenShot ?? "";
        answer["user_version"] = audit.Version.UserVersion;
        answer["user_desc"] = audit.Version.UserDesc;
        answer["submit_audit_time"] = audit.SubmittedAt.ToUnixTimeSeconds();
        return answer;
    }

    private static JsonObject Undo(ApiCall call, SandboxWorld world)
    {
        var token = MiniProgramAccess.Require(call, world);
        call.Desk().Undo(token.ComponentAppId, token.AuthorizerAppId!);
        return ApiPipeline.Ok();
    }

    private static JsonObject Speedup(ApiCall call, SandboxWorld world)
    {
        var token = MiniProgramAccess.Require(call, world);
        var auditId = call.Id("auditid") ?? throw new SandboxApiError(CodeErrors.AuditIdInvalid);
        call.Desk().Speedup(token.ComponentAppId, token.AuthorizerAppId!, auditId);
        return ApiPipeline.Ok();
    }

    // Platform-wide numbers, asked with any of its mini programs' tokens.
    private static JsonObject QueryQuota(ApiCall call, SandboxWorld world)
    {
        var token = MiniProgramAccess.Require(call, world);
        var (rest, limit, speedupRest, speedupLimit) = world.AuditQuotas.Quota(token.ComponentAppId);
        var answer = ApiPipeline.Ok();
        answer["rest"] = rest;
        answer["limit"] = limit;
        answer["speedup_rest"] = speedupRest;
        answer["speedup_limit"] = speedupLimit;
        return answer;
    }
}
