using System.Text.Json.Nodes;
using Sandbox.Endpoints;
using Sandbox.State;

namespace Sandbox.CodeManagement;

/// <summary>
/// The platform's draft box and code template library (代码模板库, docs/wechat-code-management.md §2): APIs a platform
/// calls for itself with only its component_access_token in the query, charged to the platform's daily quota.
/// </summary>
internal static class TemplateApiEndpoints
{
    private const string DeveloperAppId = "wx5a4db0de70000001";
    private const string DeveloperName = "沙盒模板开发 Sandbox Templates";

    public static void MapTemplateApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("GET", CodeApis.TemplateDraftList, DraftList);
        routes.MapWeChatApi("POST", CodeApis.AddToTemplate, AddToTemplate);
        routes.MapWeChatApi("GET", CodeApis.TemplateList, TemplateList);
        routes.MapWeChatApi("POST", CodeApis.TemplateList, (call, _) =>
        {
            call.RequireComponentTokenOwner();
            throw new SandboxApiError(CodeErrors.RequireGet);
        });
        routes.MapWeChatApi("POST", CodeApis.DeleteTemplate, DeleteTemplate);
    }

    private static JsonObject DraftList(ApiCall call, SandboxWorld world)
    {
        var component = call.RequireComponentTokenOwner();
        var answer = ApiPipeline.Ok();
        answer["draft_list"] = new JsonArray([.. world.Templates.Drafts(component.AppId).Select(d => (JsonNode)Draft(d))]);
        return answer;
    }

    // draft_id may come as a number or a string (the older page typed it String); template_type 0 or 1, 0 when absent.
    private static JsonObject AddToTemplate(ApiCall call, SandboxWorld world)
    {
        var component = call.RequireComponentTokenOwner();
        var draftId = call.Id("draft_id") ?? throw new SandboxApiError(CodeErrors.TemplateNotFound);
        var type = call.Node("template_type") is null ? 0 : call.Integer("template_type") ?? -1;
        if (type is not (0 or 1))
        {
            throw new SandboxApiError(CodeErrors.InvalidArgs);
        }

        world.Templates.Add(component.AppId, draftId, type);
        return ApiPipeline.Ok();
    }

    // template_type is read from the query, as the SDKs send it with GET; without it both kinds are listed.
    private static JsonObject TemplateList(ApiCall call, SandboxWorld world)
    {
        var component = call.RequireComponentTokenOwner();
        int? type = call.Query("template_type") switch
        {
            null or "" => null,
            "0" => 0,
            "1" => 1,
            _ => throw new SandboxApiError(CodeErrors.InvalidArgs),
        };
        var answer = ApiPipeline.Ok();
        answer["template_list"] = new JsonArray([.. world.Templates.Templates(component.AppId, type).Select(t => (JsonNode)Template(t))]);
        return answer;
    }

    private static JsonObject DeleteTemplate(ApiCall call, SandboxWorld world)
    {
        var component = call.RequireComponentTokenOwner();
        world.Templates.Delete(component.AppId, call.Id("template_id") ?? throw new SandboxApiError(CodeErrors.TemplateNotFound));
        return ApiPipeline.Ok();
    }

    private static JsonObject Draft(Draft draft) => new()
    {
        ["create_time"] = draft.CreatedAt.ToUnixTimeSeconds(),
        ["user_version"] = draft.UserVersion,
        ["user_desc"] = draft.UserDesc,
        ["draft_id"] = draft.DraftId,
        ["source_miniprogram_appid"] = DeveloperAppId,
        ["source_miniprogram"] = DeveloperName,
        ["developer"] = "沙盒开发者",
    };

    // Standard templates carry their own review (audit_scene, audit_status 3 = approved, reason); ordinary ones do not.
    private static JsonObject Template(Template template)
    {
        var answer = Draft(template.Source);
        answer["create_time"] = template.CreatedAt.ToUnixTimeSeconds();
        answer["template_id"] = template.TemplateId;
        answer["template_type"] = template.TemplateType;
        answer["category_list"] = new JsonArray();
        if (template.IsStandard)
        {
            answer["audit_scene"] = 0;
            answer["audit_status"] = 3;
            answer["reason"] = "";
        }

        return answer;
    }
}
