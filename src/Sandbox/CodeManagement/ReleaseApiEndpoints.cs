using System.Text.Json.Nodes;
using Sandbox.Endpoints;
using Sandbox.State;

namespace Sandbox.CodeManagement;

/// <summary>release, gray release, rollback and version info: the online side (docs/wechat-code-management.md §3.16-§3.20).</summary>
internal static class ReleaseApiEndpoints
{
    public static void MapReleaseApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", CodeApis.Release, Release);
        routes.MapWeChatApi("POST", CodeApis.GrayRelease, GrayRelease);
        routes.MapWeChatApi("GET", CodeApis.GetGrayReleasePlan, GrayReleasePlan);
        routes.MapWeChatApi("GET", CodeApis.RevertGrayRelease, RevertGrayRelease);
        routes.MapWeChatApi("GET", CodeApis.RevertCodeRelease, RevertCodeRelease);
        routes.MapWeChatApi("POST", CodeApis.GetVersionInfo, VersionInfo);
    }

    private static JsonObject Release(ApiCall call, SandboxWorld world)
    {
        var appId = RequireWithBody(call, world);
        world.Versions.Change(appId, p => p.Online.Release(p.LatestAudit, world.Time.GetUtcNow()));
        return ApiPipeline.Ok();
    }

    private static JsonObject GrayRelease(ApiCall call, SandboxWorld world)
    {
        var appId = MiniProgramAccess.Require(call, world).AuthorizerAppId!;
        var percentage = call.Integer("gray_percentage") ?? throw new SandboxApiError(CodeErrors.InvalidArgs);
        var fullPublishes = world.Options.CodeManagement.GrayReleaseAtFullPercentagePublishes;
        world.Versions.Change(appId, p => p.Online.StartGray(p.LatestAudit, percentage,
            call.Flag("support_debuger_first"), call.Flag("support_experiencer_first"), fullPublishes, world.Time.GetUtcNow()));
        return ApiPipeline.Ok();
    }

    private static JsonObject GrayReleasePlan(ApiCall call, SandboxWorld world)
    {
        var appId = MiniProgramAccess.Require(call, world).AuthorizerAppId!;
        var plan = world.Versions.Change(appId, p => p.Online.Gray);
        var answer = ApiPipeline.Ok();
        answer["gray_release_plan"] = new JsonObject
        {
            ["status"] = plan?.Status ?? 0,
            ["create_timestamp"] = plan?.CreatedAt.ToUnixTimeSeconds() ?? 0,
            ["gray_percentage"] = plan?.Percentage ?? 0,
            ["support_debuger_first"] = plan?.DebuggerFirst ?? false,
            ["support_experiencer_first"] = plan?.ExperiencerFirst ?? false,
        };
        return answer;
    }

    private static JsonObject RevertGrayRelease(ApiCall call, SandboxWorld world)
    {
        var appId = MiniProgramAccess.Require(call, world).AuthorizerAppId!;
        world.Versions.Change(appId, p =>
        {
            p.Online.RevertGray();
            return p;
        });
        return ApiPipeline.Ok();
    }

    // Query parameters, not a body: action=get_history_version lists, otherwise app_version (default: the previous one).
    private static JsonObject RevertCodeRelease(ApiCall call, SandboxWorld world)
    {
        var appId = MiniProgramAccess.Require(call, world).AuthorizerAppId!;
        var answer = ApiPipeline.Ok();
        if (call.Query("action") is { } action)
        {
            if (action != "get_history_version")
            {
                throw new SandboxApiError(CodeErrors.InvalidArgs);
            }

            var history = world.Versions.Change(appId, p => p.Online.History.ToList());
            answer["version_list"] = new JsonArray([.. history.Select(v => (JsonNode)new JsonObject
            {
                ["app_version"] = v.AppVersion,
                ["user_version"] = v.Code.UserVersion,
                ["user_desc"] = v.Code.UserDesc,
                ["commit_time"] = v.Code.CommittedAt.ToUnixTimeSeconds(),
            })]);
            return answer;
        }

        long? appVersion = call.Query("app_version") is { Length: > 0 } text
            ? long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new SandboxApiError(CodeErrors.InvalidArgs)
            : null;
        world.Versions.Change(appId, p => p.Online.Revert(appVersion));
        return answer;
    }

    private static JsonObject VersionInfo(ApiCall call, SandboxWorld world)
    {
        var appId = RequireWithBody(call, world);
        var (experience, online) = world.Versions.Change(appId, p => (p.Experience, p.Online.Current));
        var answer = ApiPipeline.Ok();
        if (experience is not null)
        {
            answer["exp_info"] = new JsonObject
            {
                ["exp_time"] = experience.CommittedAt.ToUnixTimeSeconds(),
                ["exp_version"] = experience.UserVersion,
                ["exp_desc"] = experience.UserDesc,
            };
        }

        if (online is not null)
        {
            answer["release_info"] = new JsonObject
            {
                ["release_time"] = online.ReleasedAt.ToUnixTimeSeconds(),
                ["release_version"] = online.Code.UserVersion,
                ["release_desc"] = online.Code.UserDesc,
            };
        }

        return answer;
    }

    // release and getversioninfo want a literal {} body: none at all is 44002.
    private static string RequireWithBody(ApiCall call, SandboxWorld world)
    {
        var appId = MiniProgramAccess.Require(call, world).AuthorizerAppId!;
        return call.BodyIsEmpty ? throw new SandboxApiError(CodeErrors.EmptyPostData) : appId;
    }
}
