using System.Text.Json.Nodes;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>
/// The platform's mini-program code templates (代码模板库), APIs a platform calls for itself with only its
/// component_access_token in the query (docs/wechat-protocol.md §3.16). Every platform has the same small library.
/// </summary>
internal static class TemplateApiEndpoints
{
    private const string DeveloperAppId = "wx5a4db0de70000001";
    private const string DeveloperName = "沙盒模板开发 Sandbox Templates";

    public static void MapTemplateApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("GET", ComponentApis.TemplateDraftList, DraftList);
        routes.MapWeChatApi("GET", ComponentApis.TemplateList, TemplateList);
    }

    private static object DraftList(ApiCall call, SandboxWorld world)
    {
        call.RequireComponentTokenOwner();
        var answer = ApiPipeline.Ok();
        answer["draft_list"] = new JsonArray(Draft(1735689600, "1.0.0", "首个版本 first version", 0), Draft(1738368000, "1.1.0", "修复 fixes", 1));
        return answer;
    }

    // template_type 0 is an ordinary template, 1 a standard one (with audit fields); without it both are listed.
    private static object TemplateList(ApiCall call, SandboxWorld world)
    {
        call.RequireComponentTokenOwner();
        var type = call.Query("template_type");
        var templates = new JsonArray();
        if (type is null or "0")
        {
            templates.Add(Template(1735776000, "1.0.0", "首个版本 first version", templateId: 1, draftId: 0, templateType: 0));
        }

        if (type is null or "1")
        {
            var standard = Template(1738454400, "1.1.0", "标准模板 standard template", templateId: 2, draftId: 1, templateType: 1);
            standard["audit_scene"] = 0;
            standard["audit_status"] = 1;
            standard["reason"] = "";
            templates.Add(standard);
        }

        var answer = ApiPipeline.Ok();
        answer["template_list"] = templates;
        return answer;
    }

    private static JsonObject Draft(long createTime, string version, string description, int draftId) => new()
    {
        ["create_time"] = createTime,
        ["user_version"] = version,
        ["user_desc"] = description,
        ["draft_id"] = draftId,
        ["source_miniprogram_appid"] = DeveloperAppId,
        ["source_miniprogram"] = DeveloperName,
        ["developer"] = "沙盒开发者",
    };

    private static JsonObject Template(long createTime, string version, string description, int templateId, int draftId, int templateType)
    {
        var template = Draft(createTime, version, description, draftId);
        template["template_id"] = templateId;
        template["template_type"] = templateType;
        template["category_list"] = new JsonArray();
        return template;
    }
}
